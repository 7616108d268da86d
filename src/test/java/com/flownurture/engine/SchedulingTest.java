package com.flownurture.engine;

import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.MutableClock;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import jakarta.json.JsonArray;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fairness between organizations, delays that ran out while the server was down, and the SMTP send rate. */
class SchedulingTest {

    @Test
    void aBigBacklogInOneOrganizationDoesNotStarveAnother() {
        try (TestApp server = TestApp.start(Map.of("engine.batch-size", "20"))) {
            TestApp.Tenant big = server.tenant();
            TestApp.Tenant small = server.tenant();
            JsonArray steps = arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"));
            Api bigApi = server.api(big);
            String bigFlow = bigApi.createWorkflow(steps);
            for (int i = 0; i < 200; i++) {
                bigApi.enroll(bigApi.createContact("big" + i + "@example.com"), bigFlow);
            }
            Api smallApi = server.api(small);
            String late = smallApi.enroll(smallApi.createContact("small@example.com"), smallApi.createWorkflow(steps));
            assertEquals(11, server.app().engine().tick(), "one batch: a share of 10 each, of which the small org needs 1");
            assertEquals("WAITING", smallApi.enrollment(late).getJsonArray("history").getJsonObject(0).getString("outcome"),
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
            Api api = first.api(key);
            String flow = api.createWorkflow(arr(obj("type", "DELAY", "delayAmount", 30, "delayUnit", "MINUTES"),
                    obj("type", "SEND_EMAIL", "subject", "Back", "body", "b")));
            enrollment = api.enroll(api.createContact("restart@example.com"), flow);
            Await.until(Duration.ofSeconds(5), "the delay",
                    () -> api.enrollment(enrollment).getInt("currentStepOrder") == 1);
        }
        clock.advance(Duration.ofHours(1));
        try (TestApp second = TestApp.start(config, dir, clock)) {
            // Without waiting for the next tick's clock: the overdue step runs at start-up. The outbox sends after the
            // step commits, so the message is awaited on its own.
            Api api = second.api(key);
            Await.until(Duration.ofSeconds(5), "the overdue step right after start-up",
                    () -> api.enrollment(enrollment).getString("status").equals("COMPLETED"));
            Await.until(Duration.ofSeconds(5), "its email sent", () -> api.get("/api/v1/messages").arr()
                    .getJsonObject(0).getString("status").equals("SENT"));
        }
    }

    @Test
    void theSmtpSenderKeepsToItsRate() throws Exception {
        Smtp smtp = Smtp.started();
        try (TestApp server = TestApp.start(smtp.serverConfig(Map.of("mail.rate-per-second", "10")))) {
            Api api = server.api(server.tenant());
            String flow = api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "R", "body", "b")));
            for (int i = 0; i < 8; i++) {
                api.enroll(api.createContact("rate" + i + "@example.com"), flow);
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
