package com.flownurture.observe;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One log line per request: method, route template, status, duration, request id (the {@code X-Request-Id} the
 * response carries) and organization; never the key or the raw path. As text, or as JSON fields.
 */
class RequestLogTest {

    @Test
    void oneLinePerRequestWithTheRouteTemplateRequestIdAndOrganization() throws InterruptedException {
        Logger log = Logger.getLogger("flownurture.requests");
        Level level = log.getLevel();
        List<LogRecord> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.setLevel(Level.INFO);
        log.addHandler(capture);
        // logging.format: json sets the formatter of the process's log handlers: put them back afterwards.
        Handler[] root = Logger.getLogger("").getHandlers();
        java.util.logging.Formatter[] formats = java.util.Arrays.stream(root).map(Handler::getFormatter)
                .toArray(java.util.logging.Formatter[]::new);
        try (TestApp server = TestApp.start(java.util.Map.of("logging.format", "json"))) {
            TestApp.Tenant tenant = server.tenant();
            String id = server.http().post("/api/v1/contacts", tenant.key(), obj("email", "l@example.com"))
                    .expect(201).obj().getString("id");
            Await.until(Duration.ofSeconds(5), "the POST's log line", () -> !lines.isEmpty());
            lines.clear();
            Http.Response read = server.http().get("/api/v1/contacts/" + id + "?x=secret", tenant.key()).expect(200);

            // The line is written once the response is on its way: it may follow the client's read by a moment.
            Await.until(Duration.ofSeconds(5), "the request's log line", () -> !lines.isEmpty());
            assertEquals(1, lines.size(), "one line per request");
            LogRecord line = lines.getFirst();
            String text = line.getMessage();
            String requestId = read.header("X-Request-Id");
            assertTrue(text.startsWith("GET /api/v1/contacts/{id} 200 "), text);
            assertTrue(text.matches(".* \\d+\\.\\dms id=" + requestId + " org=" + tenant.orgId()), text);
            assertFalse(text.contains(id) || text.contains("secret") || text.contains(tenant.key()), text);

            JsonObject json = Json.createReader(new StringReader(new JsonLogFormatter().format(line))).readObject();
            assertEquals("GET", json.getString("method"));
            assertEquals("/api/v1/contacts/{id}", json.getString("route"));
            assertEquals(200, json.getInt("status"));
            assertEquals(requestId, json.getString("requestId"));
            assertEquals(tenant.orgId(), json.getString("org"));
            assertEquals("INFO", json.getString("level"));
            assertTrue(json.getJsonNumber("durationMs").doubleValue() >= 0);
            assertTrue(java.util.Arrays.stream(root).allMatch(h -> h.getFormatter() instanceof JsonLogFormatter),
                    "logging.format: json");

            // The next request's line follows the read's with nothing between: the read was logged once.
            server.http().get("/api/v1/contacts", "fn_wrong").expect(401);
            Await.until(Duration.ofSeconds(5), "the 401's log line", () -> lines.size() >= 2);
            String unauthorized = lines.get(1).getMessage();
            assertTrue(unauthorized.startsWith("GET unmatched 401 "), "one line per request: " + unauthorized);
            assertTrue(unauthorized.endsWith(" org=-"), unauthorized);
            assertEquals(2, lines.size(), "one line per request");
        } finally {
            for (int i = 0; i < root.length; i++) {
                if (formats[i] != null) {
                    root[i].setFormatter(formats[i]);
                }
            }
            log.removeHandler(capture);
            log.setLevel(level);
        }
    }
}
