package com.flownurture.webhooks;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.flownurture.common.WebhookSignature;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.TestApp;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18, item 6: a WEBHOOK step's headers cannot set the request's framing, its target or our own signature
 * headers. They are refused when saved, and a step stored before this rule sends none of them.
 */
class WebhookHeadersTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true", "engine.tick-ms", "20"));

    /** Header names a key holder must not choose, in mixed case. */
    private static final List<String> FORBIDDEN = List.of("Host", "host", "Content-Length", "Transfer-Encoding",
            "CONNECTION", "TE", "Upgrade", "Expect", "Trailer", "Proxy-Authorization", "proxy-connection",
            "X-FlowNurture-Signature", "x-flownurture-timestamp", "X-Flownurture-Anything", "Keep-Alive");

    /** The steps of a workflow: one webhook with these headers. */
    private static JsonArray steps(JsonObject headers) {
        return arr(obj("type", "WEBHOOK", "url", "https://93.184.216.34/hook", "headers", headers));
    }

    @Test
    void forbiddenHeaderNamesAndBrokenNamesOrValuesAreRefusedAtSave() {
        Api api = server.api(server.tenant());
        String id = api.createWorkflow(obj("name", "W", "steps", steps(obj("X-Custom", "yes"))));
        String before = DbSnapshot.of(server);
        for (String name : FORBIDDEN) {
            JsonObject headers = obj(name, "x");
            String message = api.post("/api/v1/workflows", obj("name", "W", "steps", steps(headers)))
                    .expectError(400).obj().getString("message");
            assertTrue(message.startsWith("steps[0].headers"), name + ": " + message);
            assertTrue(message.contains(name), "the message names the header: " + message);
            api.put("/api/v1/workflows/" + id + "/steps", obj("steps", steps(headers))).expectError(400);
        }
        for (JsonObject headers : List.of(obj("X-A\r\nHost", "x"), obj("X A", "x"), obj("X-A:", "x"), obj("", "x"),
                obj("X-A", "a\r\nHost: internal"), obj("X-A", "a\nb"), obj("X-A", "caf\u00e9\u2028"))) {
            api.post("/api/v1/workflows", obj("name", "W", "steps", steps(headers))).expectError(400);
        }
        assertEquals(before, DbSnapshot.of(server), "nothing was saved");
    }

    @Test
    void aStepStoredWithForbiddenHeadersSendsOnlyTheAllowedOnes() throws Exception {
        List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        WebServer receiver = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.post("/hook", (req, res) -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            req.headers().forEach(h -> headers.put(h.name().toLowerCase(java.util.Locale.ROOT), h.values()));
            bodies.add(new String(req.content().as(byte[].class), StandardCharsets.UTF_8));
            calls.add(headers);
            res.status(Status.NO_CONTENT_204).send();
        })).build().start();
        try {
            TestApp.Tenant tenant = server.tenant();
            Api api = server.api(tenant);
            String url = "http://127.0.0.1:" + receiver.port() + "/hook";
            String workflow = api.createWorkflow(arr(obj("type", "WEBHOOK", "url", url,
                    "headers", obj("X-Custom", "yes"))));
            // As a step saved before the rule existed would be stored.
            storeHeaders(workflow, obj("X-Custom", "yes", "Host", "internal.admin.example", "Content-Length", "5",
                    "Transfer-Encoding", "chunked", "Connection", "close", "X-FlowNurture-Signature", "v1=forged",
                    "Bad Name", "x", "X-Split", "a\r\nX-Injected: 1"));
            String enrollment = api.enroll(api.createContact("h@example.com"), workflow);
            Await.until(Duration.ofSeconds(10), "the call", () -> calls.size() == 1);
            Map<String, String> call = calls.getFirst();
            assertEquals("yes", call.get("x-custom"), "an allowed header is sent");
            assertEquals("127.0.0.1:" + receiver.port(), call.get("host"), "the URL's host, not the step's");
            assertFalse(call.containsKey("transfer-encoding"), call.toString());
            assertFalse(call.containsKey("x-injected"), call.toString());
            assertFalse(call.containsKey("x-split"), call.toString());
            assertEquals(Integer.toString(bodies.getFirst().getBytes(StandardCharsets.UTF_8).length),
                    call.get("content-length"));
            String secret = server.app().components().orgs().find(tenant.orgId()).orElseThrow().webhookSecret();
            assertEquals(WebhookSignature.sign(secret, Long.parseLong(call.get("x-flownurture-timestamp")),
                    bodies.getFirst().getBytes(StandardCharsets.UTF_8)), call.get("x-flownurture-signature"),
                    "our signature, not the step's");
            Await.until(Duration.ofSeconds(10), "completion",
                    () -> api.enrollment(enrollment).getString("status").equals("COMPLETED"));
        } finally {
            receiver.stop();
        }
    }

    /** Writes a step's headers straight into the database, past the API's checks. */
    private static void storeHeaders(String workflowId, JsonObject headers) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            String config;
            try (PreparedStatement read = c.prepareStatement("SELECT config FROM workflow_steps WHERE workflow_id = ?")) {
                read.setString(1, workflowId);
                try (ResultSet rs = read.executeQuery()) {
                    assertTrue(rs.next());
                    config = rs.getString(1);
                }
            }
            JsonObject stored = jakarta.json.Json.createReader(new StringReader(config)).readObject();
            String changed = jakarta.json.Json.createObjectBuilder(stored).add("headers", headers).build().toString();
            try (PreparedStatement write = c.prepareStatement(
                    "UPDATE workflow_steps SET config = ? WHERE workflow_id = ?")) {
                write.setString(1, changed);
                write.setString(2, workflowId);
                assertEquals(1, write.executeUpdate());
            }
        }
    }
}
