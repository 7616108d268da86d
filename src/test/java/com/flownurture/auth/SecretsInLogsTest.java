package com.flownurture.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys never reach a log, at any level, on successful or failed authentication. */
class SecretsInLogsTest {

    @Test
    void keysNeverAppearInTheLogs() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        line.append(' ').append(p);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level previous = root.getLevel();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            String unknown = "fn_" + "Q".repeat(40);
            int atStart = lines.size();
            server.http().get("/api/v1/contacts", tenant.key()).expect(200);
            server.http().post("/api/v1/contacts", tenant.key(), "{\"email\":\"log@example.com\"}").expect(201);
            server.http().get("/api/v1/contacts", unknown).expectError(401);
            server.http().send(Method.GET, "/api/v1/contacts", List.of("Bearer " + tenant.key(), "Bearer " + unknown),
                    null, null).expectError(401);
            server.http().post("/api/v1/contacts", tenant.key(), "{broken").expectError(400);
            server.app().components().keys().revoke(tenant.keyId());
            server.http().get("/api/v1/nope", tenant.key());
            assertTrue(lines.size() > atStart, "the capture saw what the requests logged, not only the start-up");
            for (String line : lines) {
                assertFalse(line.contains(tenant.key()) || line.contains(unknown), "a key in the log: " + line);
                assertFalse(line.contains(tenant.key().substring(3)), "a key's secret part in the log: " + line);
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
        }
    }
}
