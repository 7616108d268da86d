package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.List;

import com.flownurture.support.Api;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonObject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A workflow's page says how it starts and ends in words, and shows its emails' counts as
 * {@code GET /api/v1/workflows/:id/stats} has them.
 */
class WorkflowPageTest {

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    @Test
    void theTriggerGoalsAndExitsReadAsWordsAndTheEmailCountsAreTheApis() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        String vip = api.createTag("VIP");
        String id = api.createWorkflow(obj("name", "Upsell", "status", "ACTIVE", "reentry", "AFTER_EXIT",
                "trigger", obj("type", "TAG_ADDED", "tagId", vip),
                "goals", arr(obj("type", "EVENT", "eventName", "paid"),
                        obj("type", "FIELD_CHANGED", "field", "lifecycleStage", "value", "CUSTOMER")),
                "exitOn", arr(obj("type", "UNSUBSCRIBED")),
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "Go pro", "body", "<p>Now</p>"),
                        obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"))));
        String contact = api.createContact("pro@example.com");
        api.enroll(contact, id);
        api.sentMessage(contact);

        Document page = Jsoup.parse(server.dashboard(server.user(tenant.orgId(), User.Role.MEMBER))
                .get("/workflows/" + id).expect(200).body());

        assertEquals("When the tag \u201cVIP\u201d is added to the contact",
                page.selectFirst("[data-testid=trigger]").text());
        assertEquals("A contact may enter again once its previous enrollment has ended",
                page.selectFirst("[data-testid=reentry]").text());
        assertEquals(List.of("When the contact has the event \u201cpaid\u201d",
                "When the contact's lifecycleStage changes to \u201cCUSTOMER\u201d"),
                page.select("[data-testid=goal]").eachText());
        assertEquals(List.of("When the contact unsubscribes"), page.select("[data-testid=exit]").eachText());

        JsonObject stats = api.get("/api/v1/workflows/" + id + "/stats").expect(200).obj().getJsonArray("steps")
                .getJsonObject(0);
        assertEquals(1, stats.getInt("sent"));
        List<String> expected = new ArrayList<>(List.of(String.valueOf(stats.getInt("order")),
                stats.getString("subject")));
        for (String count : List.of("sent", "suppressed", "failed", "opened", "clicked", "machineOpens",
                "machineClicks")) {
            expected.add(String.valueOf(stats.getInt(count)));
        }
        assertEquals(List.of(expected), page.select("[data-testid=email-step]").stream()
                .map(row -> row.select("td").eachText()).toList());
    }
}
