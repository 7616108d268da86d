package com.flownurture.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.flownurture.cli.Cli;
import com.flownurture.support.MutableClock;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets never reach a log, at any level: API keys on successful or failed authentication; the secret key and the
 * secrets it seals when the key is generated, used, rotated or refused.
 */
class SecretsInLogsTest {

    /** Every log record, with its parameters and causes, as one line each; captured at every level. */
    private static final class Capture implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger root = Logger.getLogger("");
        private final Level previous = root.getLevel();
        private final Handler handler = new Handler() {
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

        Capture() {
            handler.setLevel(Level.ALL);
            root.addHandler(handler);
            root.setLevel(Level.ALL);
        }

        @Override
        public void close() {
            root.removeHandler(handler);
            root.setLevel(previous);
        }
    }

    @Test
    void keysNeverAppearInTheLogs() {
        try (Capture capture = new Capture(); TestApp server = TestApp.start()) {
            List<String> lines = capture.lines;
            TestApp.Tenant tenant = server.tenant();
            String unknown = "fn_" + "Q".repeat(40);
            int atStart = lines.size();
            server.http().get("/api/v1/contacts", tenant.key()).expect(200);
            server.http().post("/api/v1/contacts", tenant.key(), obj("email", "log@example.com")).expect(201);
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
        }
    }

    @Test
    void theSecretKeyAndTheSecretsItSealsNeverAppearInTheLogs() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-key-log");
        MutableClock clock = MutableClock.now();
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String next = Base64.getEncoder().encodeToString(bytes);
        try (Capture capture = new Capture()) {
            List<String> secrets = new java.util.ArrayList<>();
            String db;
            try (TestApp server = TestApp.start(Map.of(), dir, clock)) {
                TestApp.Tenant tenant = server.tenant();
                secrets.add(server.app().components().orgs().find(tenant.orgId()).orElseThrow().webhookSecret());
                secrets.add(server.http().post("/api/v1/webhooks", tenant.key(),
                        obj("url", "http://127.0.0.1:9/hook", "events", arr("contact.created"))).expect(201).obj()
                        .getString("secret"));
                db = server.dbArgument();
            }
            String generated = Files.readString(dir.resolve("secret.key")).strip();
            assertTrue(capture.lines.stream().anyMatch(line -> line.contains(dir.resolve("secret.key").toString())),
                    "the first start says where it wrote the new key");
            Path config = Files.createTempFile(dir, "rotate", ".yaml");
            Files.writeString(config, "secrets:\n  key: " + next + "\n  previous-keys: [\"" + generated + "\"]\n");
            assertEquals(0, Cli.commandLine().execute("secrets", "rotate", "--db", db, "--config", config.toString()));
            assertThrows(RuntimeException.class, () -> TestApp.start(Map.of("secrets.key", generated), dir, clock));
            assertFalse(capture.lines.isEmpty());
            for (String line : capture.lines) {
                for (String secret : List.of(generated, next, secrets.get(0), secrets.get(1))) {
                    assertFalse(line.contains(secret.substring(0, 16)), "a key or a secret in the log: " + line);
                }
            }
        }
    }
}
