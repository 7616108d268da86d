package com.flownurture.tracking;

import java.time.Duration;
import java.util.List;

import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /workflows/:id/stats} counts exactly, and the {@code tracking} option is validated. */
class WorkflowStatsTest {

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    private final TrackedMail mail = new TrackedMail(server, smtp);

    @Test
    void statsCountSentSuppressedAndPeoplesOpensAndClicksApartFromMachines() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String key = tenant.key();
        Http http = server.http();
        String workflow = mail.workflow(key, "Stats", obj("opens", true, "clicks", true));
        http.post("/api/v1/suppressions", key, obj("email", "s3@example.com", "reason", "MANUAL")).expect(201);
        TrackedMail.Sent first = mail.send(key, workflow, "Stats", "s1@example.com");
        mail.follow(first.pixel(), TrackedMail.BROWSER).expect(200);
        server.clock().advance(Duration.ofSeconds(30));
        TrackedMail.Sent second = mail.send(key, workflow, "Stats", "s2@example.com");
        String contact = http.post("/api/v1/contacts", key, obj("email", "s3@example.com")).expect(201).obj()
                .getString("id");
        http.post("/api/v1/enrollments", key, obj("contactId", contact, "workflowId", workflow)).expect(201);
        com.flownurture.support.Await.until(Duration.ofSeconds(10), "the third message SUPPRESSED", () -> !http
                .get("/api/v1/messages?contactId=" + contact + "&status=SUPPRESSED", key).arr().isEmpty());
        server.clock().advance(Duration.ofSeconds(30));
        mail.follow(first.pixel(), TrackedMail.BROWSER).expect(200);
        mail.follow(first.pixel(), TrackedMail.BROWSER).expect(200);
        mail.follow(first.link(1), TrackedMail.BROWSER).expect(302);
        mail.follow(second.link(3), "Mozilla/5.0 Mimecast").expect(302);
        mail.follow(second.pixel(), "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html")
                .expect(200);
        mail.follow(second.link(1), TrackedMail.BROWSER).expect(302);

        JsonObject stats = http.get("/api/v1/workflows/" + workflow + "/stats", key).expect(200).obj();
        assertEquals(workflow, stats.getString("workflowId"));
        JsonObject step = stats.getJsonArray("steps").getJsonObject(0);
        assertEquals(List.of(2, 1, 0, 2, 2, 2, 1), List.of(step.getInt("sent"), step.getInt("suppressed"),
                step.getInt("failed"), step.getInt("opened"), step.getInt("clicked"), step.getInt("machineOpens"),
                step.getInt("machineClicks")), stats.toString());
        assertEquals("Stats", step.getString("subject"));

        http.get("/api/v1/workflows/" + workflow + "/stats", server.tenant().key()).expectError(404);
        http.get("/api/v1/workflows/nope/stats", key).expectError(404);
    }

    @Test
    void clicksAtTheSameTimeAreEachRecordedAndTheMessageCountsOnce() throws Exception {
        String key = server.tenant().key();
        String workflow = mail.workflow(key, "Burst", obj("opens", true, "clicks", true));
        TrackedMail.Sent sent = mail.send(key, workflow, "Burst", "burst@example.com");
        server.clock().advance(Duration.ofMinutes(1));
        List<Integer> statuses = java.util.stream.IntStream.range(0, 16).parallel()
                .mapToObj(i -> mail.follow(sent.link(1 + (i % 2) * 2), TrackedMail.BROWSER).status()).toList();
        assertEquals(java.util.Collections.nCopies(16, 302), statuses);
        JsonObject message = mail.message(key, sent.messageId());
        assertEquals(16, message.getJsonArray("trackingEvents").size());
        JsonObject step = server.http().get("/api/v1/workflows/" + workflow + "/stats", key).expect(200).obj()
                .getJsonArray("steps").getJsonObject(0);
        assertEquals(List.of(1, 1, 1, 0, 0), List.of(step.getInt("sent"), step.getInt("opened"),
                step.getInt("clicked"), step.getInt("machineOpens"), step.getInt("machineClicks")));
    }

    @Test
    void theTrackingOptionIsValidatedAndAChangeKeepsWhatItLeavesOut() {
        String key = server.tenant().key();
        Http http = server.http();
        String workflow = mail.workflow(key, "Options", obj("opens", true));
        String path = "/api/v1/workflows/" + workflow;
        for (String bad : List.of("{\"tracking\":true}", "{\"tracking\":null}", "{\"tracking\":{\"opens\":\"yes\"}}",
                "{\"tracking\":{\"clicks\":1}}", "{\"tracking\":{\"pixels\":true}}",
                "{\"name\":\"Renamed\",\"tracking\":{\"opens\":false,\"clicks\":null}}")) {
            http.patch(path, key, bad).expectError(400);
        }
        http.post("/api/v1/workflows", key, obj("name", "Bad", "tracking", obj("opens", 0))).expectError(400);
        JsonObject unchanged = http.get(path, key).expect(200).obj();
        assertEquals("Options", unchanged.getString("name"));
        assertEquals("{\"opens\":true,\"clicks\":false}", unchanged.getJsonObject("tracking").toString());
        assertEquals("{\"opens\":true,\"clicks\":true}", http.patch(path, key, obj("tracking", obj("clicks", true)))
                .expect(200).obj().getJsonObject("tracking").toString());
        assertEquals("{\"opens\":false,\"clicks\":true}", http.patch(path, key,
                obj("status", "PAUSED", "tracking", obj("opens", false))).expect(200).obj().getJsonObject("tracking")
                .toString());
    }
}
