package com.flownurture.engine;

import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.MutableClock;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fairness between organizations, delays that ran out while the server was down, and the SMTP send rate. */
class SchedulingTest {

    private static String workflow(Http http, String key, String steps) {
        return http.post("/api/v1/workflows", key, "{\"name\":\"W\",\"status\":\"ACTIVE\",\"steps\":" + steps + "}")
                .expect(201).obj().getString("id");
    }

    private static String enroll(Http http, String key, String email, String workflow) {
        String c = http.post("/api/v1/contacts", key, "{\"email\":\"" + email + "\"}").expect(201).obj()
                .getString("id");
        return http.post("/api/v1/enrollments", key, "{\"contactId\":\"" + c + "\",\"workflowId\":\"" + workflow
                + "\"}").expect(201).obj().getString("id");
    }

    @Test
    void aBigBacklogInOneOrganizationDoesNotStarveAnother() {
        try (TestApp server = TestApp.start(Map.of("engine.batch-size", "20"))) {
            TestApp.Tenant big = server.tenant();
            TestApp.Tenant small = server.tenant();
            String steps = "[{\"type\":\"DELAY\",\"delayAmount\":1,\"delayUnit\":\"DAYS\"}]";
            String bigFlow = workflow(server.http(), big.key(), steps);
            for (int i = 0; i < 200; i++) {
                enroll(server.http(), big.key(), "big" + i + "@example.com", bigFlow);
            }
            String late = enroll(server.http(), small.key(), "small@example.com", workflow(server.http(), small.key(),
                    steps));
            assertEquals(11, server.app().engine().tick(), "one batch: a share of 10 each, of which the small org needs 1");
            assertEquals("WAITING", server.http().get("/api/v1/enrollments/" + late, small.key()).obj()
                    .getJsonArray("history").getJsonObject(0).getString("outcome"),
                    "the small organization's enrollment ran in the first batch, before 190 older ones");
        }
    }

    @Test
    void delaysThatRanOutWhileTheServerWasDownRunRightAfterStartUp() throws Exception {
        MutableClock clock = MutableClock.now();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flownurture-restart");
        Map<String, String> config = Map.of("engine.enabled", "true", "engine.tick-ms", "20");
        String key;
        String enrollment;
        try (TestApp first = TestApp.start(config, dir, clock)) {
            key = first.tenant().key();
            String flow = workflow(first.http(), key, """
                    [{"type":"DELAY","delayAmount":30,"delayUnit":"MINUTES"},
                     {"type":"SEND_EMAIL","subject":"Back","body":"b"}]""");
            enrollment = enroll(first.http(), key, "restart@example.com", flow);
            Await.until(Duration.ofSeconds(5), "the delay", () -> first.http().get("/api/v1/enrollments/" + enrollment,
                    key).obj().getInt("currentStepOrder") == 1);
        }
        clock.advance(Duration.ofHours(1));
        try (TestApp second = TestApp.start(config, dir, clock)) {
            // Without waiting for the next tick's clock: the overdue step runs at start-up. The outbox sends after the
            // step commits, so the message is awaited on its own.
            Await.until(Duration.ofSeconds(5), "the overdue step right after start-up", () -> second.http()
                    .get("/api/v1/enrollments/" + enrollment, key).obj().getString("status").equals("COMPLETED"));
            Await.until(Duration.ofSeconds(5), "its email sent", () -> second.http().get("/api/v1/messages", key).arr()
                    .getJsonObject(0).getString("status").equals("SENT"));
        }
    }

    @Test
    void theSmtpSenderKeepsToItsRate() throws Exception {
        Smtp smtp = Smtp.started();
        try (TestApp server = TestApp.start(smtp.serverConfig(Map.of("mail.rate-per-second", "10")))) {
            String key = server.tenant().key();
            String flow = workflow(server.http(), key, "[{\"type\":\"SEND_EMAIL\",\"subject\":\"R\",\"body\":\"b\"}]");
            for (int i = 0; i < 8; i++) {
                enroll(server.http(), key, "rate" + i + "@example.com", flow);
            }
            Await.until(Duration.ofSeconds(10), "eight emails", () -> smtp.getReceivedMessages().length == 8);
            MimeMessage[] mail = smtp.getReceivedMessages();
            long first = mail[0].getReceivedDate() == null ? 0 : mail[0].getReceivedDate().getTime();
            long last = mail[7].getReceivedDate() == null ? 0 : mail[7].getReceivedDate().getTime();
            assertTrue(last - first >= 600, "8 messages at 10/s span at least 0.7 s (less rounding): " + (last - first));
        } finally {
            smtp.stop();
        }
    }
}
