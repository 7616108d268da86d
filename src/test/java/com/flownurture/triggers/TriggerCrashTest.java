package com.flownurture.triggers;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.flownurture.app.Components;
import com.flownurture.auth.Scopes;
import com.flownurture.config.ConfigLoader;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.ServerProcess;
import com.flownurture.support.Smtp;
import com.flownurture.support.SqliteOnly;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server JVM with a CONTACT_CREATED welcome workflow, killed with SIGKILL while contacts are being created (so
 * between triggering writes and their first steps), three times, then restarted. Every contact that exists is
 * enrolled exactly once, and its welcome email is queued once and delivered at most once.
 */
@SqliteOnly("SIGKILLs separate server JVMs over an SQLite file: the PostgreSQL pass would repeat that run")
class TriggerCrashTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final int MIN_PER_CYCLE = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void aKillBetweenTheWriteAndTheFirstStepEnrollsOnceAndSendsOnce() throws Exception {
        Smtp smtp = Smtp.started();
        try {
            Path db = dir.resolve("triggers.db");
            Path config = dir.resolve("triggers.yaml");
            Files.writeString(config, """
                    rate-limit: {requests-per-minute: 1000000}
                    mail: {host: 127.0.0.1, port: %d, security: NONE, rate-per-second: 2000}
                    engine: {tick-ms: 20, lease-seconds: %d}
                    """.formatted(smtp.getSmtp().getPort(), LEASE.toSeconds()));
            String key;
            try (Components c = Components.open(ConfigLoader.load(config, Map.of("database.path", db.toString()),
                    Map.of()), Clock.systemUTC())) {
                String org = c.orgs().create("Crash").id();
                key = c.keys().create(org, "crash", Scopes.ALL).secret();
            }
            Random random = new Random(7);
            int created = 0;
            for (int cycle = 0; cycle < 3; cycle++) {
                Process server = ServerProcess.start(db, "--config", config.toString());
                Api api = new Http(ServerProcess.awaitUrl(server)[0], TIMEOUT, TIMEOUT).api(key);
                if (cycle == 0) {
                    api.createWorkflow(obj("name", "Welcome", "status", "ACTIVE",
                            "trigger", obj("type", "CONTACT_CREATED"),
                            "steps", arr(obj("type", "SEND_EMAIL", "subject", "Welcome {{email}}", "body", "Hello"))));
                }
                // At least a few writes a cycle, so a loaded machine still gives the kill work to land in.
                long killAt = System.nanoTime() + (300 + random.nextInt(700)) * 1_000_000L;
                int before = created;
                long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ((System.nanoTime() < killAt || created - before < MIN_PER_CYCLE)
                        && System.nanoTime() < giveUp) {
                    if (created(api, "c" + cycle + "-" + created + "@example.com")) {
                        created++;
                    }
                }
                server.destroyForcibly();
                assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            }
            Process last = ServerProcess.start(db, "--config", config.toString());
            try {
                ServerProcess.awaitUrl(last);
                Await.until(Duration.ofSeconds(60), "every enrollment to finish and the outbox to drain",
                        () -> count(db, "SELECT COUNT(*) FROM enrollments WHERE status <> 'COMPLETED'") == 0
                                && count(db, "SELECT COUNT(*) FROM messages WHERE status IN ('PENDING','SENDING')") == 0);
            } finally {
                last.destroy();
                last.waitFor(20, TimeUnit.SECONDS);
            }
            long contacts = count(db, "SELECT COUNT(*) FROM contacts");
            assertTrue(created >= 10 && contacts >= created, "enough triggering writes to crash into: " + created);
            assertEquals(0, count(db, "SELECT COUNT(*) FROM contacts c WHERE (SELECT COUNT(*) FROM enrollments e "
                    + "WHERE e.contact_id = c.id) <> 1"), "every contact enrolled exactly once");
            assertEquals(contacts, count(db, "SELECT COUNT(*) FROM messages"), "one welcome email queued per contact");
            Map<String, Integer> deliveries = new HashMap<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                deliveries.merge(m.getMessageID(), 1, Integer::sum);
            }
            deliveries.forEach((id, times) -> assertEquals(1, times, "delivered twice: " + id));
            assertTrue(contacts - deliveries.size() <= 3, "at most one uncertain message per kill");
        } finally {
            smtp.stop();
        }
    }

    /**
     * Whether the contact was created. A request that fails or times out on a loaded machine is not counted: the
     * assertions allow for contacts created without the test hearing of it.
     */
    private static boolean created(Api api, String email) {
        try {
            return api.post("/api/v1/contacts", obj("email", email)).status() == 201;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static long count(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
