package com.flownurture.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.flownurture.app.Components;
import com.flownurture.support.SqliteOnly;
import com.flownurture.workflows.WorkflowStatus;
import com.flownurture.auth.Scopes;
import com.flownurture.config.ConfigLoader;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.ServerDb;
import com.flownurture.support.ServerProcess;
import com.flownurture.support.Smtp;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server as a separate JVM, killed with SIGKILL while it runs enrollments and delivers email, then restarted.
 * Afterwards no enrollment is lost, no email is delivered twice, and every message is accounted for: delivered, or
 * (only if a kill struck between its hand-over to SMTP, right before the final dot, and its SENT) marked FAILED as
 * uncertain rather than sent again.
 */
@SqliteOnly("SIGKILLs separate server JVMs over an SQLite file: the PostgreSQL pass would repeat that run")
class CrashTest {

    private static final int CONTACTS = 120;
    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void killedMidRunItLosesNoEnrollmentAndSendsNoEmailTwice() throws Exception {
        Smtp smtp = Smtp.started();
        try {
            Path db = dir.resolve("crash.db");
            ServerDb stored = ServerDb.sqlite(db);
            Path config = dir.resolve("crash.yaml");
            Files.writeString(config, """
                    rate-limit: {requests-per-minute: 1000000}
                    mail: {host: 127.0.0.1, port: %d, security: NONE, rate-per-second: 2000}
                    engine: {tick-ms: 20, lease-seconds: %d}
                    """.formatted(smtp.getSmtp().getPort(), LEASE.toSeconds()));
            String key;
            String workflow;
            try (Components c = Components.open(ConfigLoader.load(config, Map.of("database.path", db.toString()),
                    Map.of()), Clock.systemUTC())) {
                String org = c.orgs().create("Crash").id();
                key = c.keys().create(org, "crash", Scopes.ALL).secret();
                workflow = c.workflows().create(org, "Two emails", WorkflowStatus.ACTIVE, arr(
                        obj("type", "SEND_EMAIL", "subject", "first {{email}}", "body", "b"),
                        obj("type", "SEND_EMAIL", "subject", "second {{email}}", "body", "b"))).id();
            }
            Random random = new Random(42);
            int enrolled = 0;
            for (int cycle = 0; cycle < 4; cycle++) {
                Process server = ServerProcess.start(db, "--config", config.toString());
                Api api = new Http(ServerProcess.awaitUrl(server)[0]).api(key);
                int target = Math.min(CONTACTS, enrolled + CONTACTS / 3);
                long killAt = System.nanoTime() + (400 + random.nextInt(800)) * 1_000_000L;
                // At least a few enrollments a cycle however slow the machine, so there is always work to crash into.
                int atLeast = enrolled + 8;
                while (enrolled < target && (System.nanoTime() < killAt || enrolled < atLeast)) {
                    // The server is killed only after this loop: every request here must succeed.
                    api.enroll(api.createContact("crash" + enrolled + "@example.com"), workflow);
                    enrolled++;
                }
                Await.pause(Duration.ofNanos(Math.max(0, killAt - System.nanoTime())));
                server.destroyForcibly();
                assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            }
            Process last = ServerProcess.start(db, "--config", config.toString());
            try {
                ServerProcess.awaitUrl(last);
                int expected = enrolled;
                Await.until(Duration.ofSeconds(60), "every enrollment to finish and the outbox to drain",
                        () -> stored.count("SELECT COUNT(*) FROM enrollments WHERE status = 'COMPLETED'") == expected
                                && stored.count("SELECT COUNT(*) FROM messages WHERE status IN ('PENDING','SENDING')")
                                == 0);
            } finally {
                last.destroy();
                last.waitFor(20, TimeUnit.SECONDS);
            }
            assertTrue(enrolled >= 20, "enough work to crash into: " + enrolled);
            assertEquals(enrolled, stored.count("SELECT COUNT(*) FROM enrollments"), "no enrollment lost");
            assertEquals(2L * enrolled, stored.count("SELECT COUNT(*) FROM messages"),
                    "every step queued its email once");

            Map<String, Integer> deliveries = new HashMap<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                deliveries.merge(m.getMessageID(), 1, Integer::sum);
            }
            deliveries.forEach((id, times) -> assertEquals(1, times, "delivered twice: " + id));
            Set<String> sent = new HashSet<>(stored.column("SELECT message_id FROM messages WHERE status = 'SENT'"));
            Set<String> uncertain = new HashSet<>(stored.column(
                    "SELECT message_id FROM messages WHERE status = 'FAILED' AND error LIKE 'Delivery uncertain%'"));
            assertTrue(deliveries.keySet().containsAll(sent), "every SENT message was delivered");
            Set<String> deliveredUnconfirmed = new HashSet<>(deliveries.keySet());
            deliveredUnconfirmed.removeAll(sent);
            assertTrue(uncertain.containsAll(deliveredUnconfirmed), "a delivery the database did not record is one "
                    + "a kill interrupted, and it is marked uncertain, not sent again");
            assertEquals(2L * enrolled, sent.size() + uncertain.size(), "every message is SENT or marked uncertain");
            assertTrue(uncertain.size() <= 4, "at most one uncertain message per kill: " + uncertain);
            assertEquals("ok", stored.text("PRAGMA integrity_check"));
        } finally {
            smtp.stop();
        }
    }
}
