package com.flownurture.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.flownurture.common.WebhookSignature;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.TestApp;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SMTP down then up, webhooks to a real second server (good, failing), and the capture outbox. */
class DeliveryFaultsTest {

    /** Enrolls a new contact in a new workflow of these steps; the enrollment's id. */
    private static String enroll(Api api, String email, JsonArray steps) {
        String contact = api.createContact(obj("email", email, "firstName", "Wh")).getString("id");
        return api.enroll(contact, api.createWorkflow(steps));
    }

    @Test
    void smtpDownThenUpDeliversEachMessageOnce() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (TestApp server = TestApp.start(Map.of("mail.host", "127.0.0.1", "mail.port", Integer.toString(port),
                "mail.security", "NONE", "mail.rate-per-second", "1000", "engine.tick-ms", "20", "engine.enabled", "true"))) {
            String key = server.tenant().key();
            for (int i = 0; i < 3; i++) {
                enroll(server.api(key), "down" + i + "@example.com",
                        arr(obj("type", "SEND_EMAIL", "subject", "S" + i, "body", "b")));
            }
            Await.until(Duration.ofSeconds(10), "three failed attempts", () -> server.http()
                    .get("/api/v1/messages?status=PENDING", key).arr().stream()
                    .filter(m -> m.asJsonObject().getInt("attempts") == 1).count() == 3);
            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                server.clock().advance(Duration.ofMinutes(1));
                server.app().components().outboxWakeup().wake();
                Await.until(Duration.ofSeconds(10), "three deliveries", () -> smtp.getReceivedMessages().length == 3);
                server.clock().advance(Duration.ofHours(1));
                // The outbox sends due messages oldest first, and the clock stands still: a marker queued now is
                // due after any of the three that would be sent again, so once it has arrived, they would have too.
                enroll(server.api(key), "marker@example.com",
                        arr(obj("type", "SEND_EMAIL", "subject", "Marker", "body", "b")));
                Await.until(Duration.ofSeconds(10), "the marker", () -> smtp.getReceivedMessages().length >= 4);
                assertEquals(4, smtp.getReceivedMessages().length, "each delivered once, then the marker");
                assertEquals("Marker", smtp.getReceivedMessages()[3].getSubject());
                Await.until(Duration.ofSeconds(5), "all four recorded as sent", () -> server.http()
                        .get("/api/v1/messages?status=SENT", key).arr().size() == 4);
                assertEquals(4, server.http().get("/api/v1/messages", key).arr().size());
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void webhooksAreSignedAndAFailingReceiverIsRetriedThenTheEnrollmentFails() {
        List<String[]> received = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        WebServer receiver = WebServer.builder().port(0).host("127.0.0.1").routing(r -> r
                .post("/ok", (req, res) -> {
                    received.add(new String[] {req.headers().get(HeaderNames.create(WebhookSignature.SIGNATURE)).get(),
                        req.headers().get(HeaderNames.create(WebhookSignature.TIMESTAMP)).get(),
                        new String(req.content().as(byte[].class), StandardCharsets.UTF_8),
                        req.headers().get(HeaderNames.create("X-Custom")).get()});
                    res.status(Status.NO_CONTENT_204).send();
                })
                .post("/fail", (req, res) -> {
                    failures.incrementAndGet();
                    res.status(Status.INTERNAL_SERVER_ERROR_500).send();
                })).build().start();
        try (TestApp server = TestApp.start(Map.of("engine.tick-ms", "20", "engine.enabled", "true", "engine.webhook-max-attempts", "3"))) {
            TestApp.Tenant tenant = server.tenant();
            String base = "http://127.0.0.1:" + receiver.port();
            String ok = enroll(server.api(tenant), "hook@example.com",
                    arr(obj("type", "WEBHOOK", "url", base + "/ok", "headers", obj("X-Custom", "yes"))));
            Await.until(Duration.ofSeconds(5), "the webhook", () -> received.size() == 1);
            String[] call = received.getFirst();
            String secret = server.app().components().orgs().find(tenant.orgId()).orElseThrow().webhookSecret();
            assertEquals(WebhookSignature.sign(secret, Long.parseLong(call[1]), call[2].getBytes(StandardCharsets.UTF_8)),
                    call[0], "a receiver can verify the signature");
            assertTrue(call[2].contains("\"event\":\"workflow.step\"") && call[2].contains("\"enrollmentId\":\"" + ok));
            assertTrue(call[2].contains("hook@example.com"), "the event carries the contact");
            assertEquals("yes", call[3]);
            Await.until(Duration.ofSeconds(5), "completion",
                    () -> server.api(tenant).enrollment(ok).getString("status").equals("COMPLETED"));

            String bad = enroll(server.api(tenant), "hook2@example.com",
                    arr(obj("type", "WEBHOOK", "url", base + "/fail")));
            Await.until(Duration.ofSeconds(5), "the first attempt", () -> failures.get() == 1);
            Await.until(Duration.ofSeconds(5), "the retry to be scheduled",
                    () -> server.api(tenant).enrollment(bad).getJsonArray("history").size() == 1);
            for (int attempt = 2; attempt <= 3; attempt++) {
                server.clock().advance(Duration.ofMinutes(10));
                server.app().components().engineWakeup().wake();
                int expected = attempt;
                Await.until(Duration.ofSeconds(5), "attempt " + attempt, () -> failures.get() == expected);
                Await.until(Duration.ofSeconds(5), "attempt " + attempt + " recorded", () ->
                        server.api(tenant).enrollment(bad).getJsonArray("history").size() == expected);
            }
            Await.until(Duration.ofSeconds(5), "FAILED", () ->
                    server.api(tenant).enrollment(bad).getString("status").equals("FAILED"));
            JsonObject failed = server.api(tenant).enrollment(bad);
            assertTrue(failed.getString("lastError").contains("HTTP 500"), failed.toString());
            assertEquals(List.of("RETRY", "RETRY", "FAILED"), failed.getJsonArray("history").stream()
                    .map(h -> h.asJsonObject().getString("outcome")).toList());
        } finally {
            receiver.stop();
        }
    }

    @Test
    void withoutSmtpEmailsGoToTheCaptureOutbox() {
        try (TestApp server = TestApp.start(Map.of("engine.tick-ms", "20", "engine.enabled", "true"))) {
            String key = server.tenant().key();
            enroll(server.api(key), "capture@example.com",
                    arr(obj("type", "SEND_EMAIL", "subject", "Hello {{firstName}}", "body", "Body")));
            Await.until(Duration.ofSeconds(2), "the captured email", () ->
                    server.http().get("/api/v1/messages?status=SENT", key).arr().size() == 1);
            JsonObject m = server.http().get("/api/v1/messages", key).arr().getJsonObject(0);
            assertEquals("capture@example.com", m.getString("to"));
            assertEquals("Hello Wh", m.getString("subject"));
            assertTrue(m.getString("messageId").matches("<c[a-z0-9]{24}@flownurture>"));
            assertTrue(!m.isNull("sentAt"));
        }
    }
}
