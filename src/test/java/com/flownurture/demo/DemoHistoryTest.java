package com.flownurture.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.config.AppConfig;
import com.flownurture.support.Api;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.MutableClock;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's month, played on an empty database as the first start does: every list has rows, the history has
 * what the dashboard shows (opens and clicks, a goal reached, failing webhook deliveries), and a second start adds
 * nothing.
 */
class DemoHistoryTest {

    /** Each dashboard list page and the marker its rows carry. */
    private static final Map<String, String> PAGES = Map.of("/contacts", "contact-row", "/workflows", "workflow-row",
            "/enrollments", "enrollment-row", "/messages", "message-row", "/segments", "segment-row",
            "/suppressions", "suppression-row", "/tags", "tag-row", "/events", "event-row",
            "/webhooks", "webhook-row");

    @Test
    void theFirstStartFillsEveryPageAndASecondAddsNothing() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-demo");
        MutableClock clock = MutableClock.now();
        AppConfig config;
        try (TestApp empty = TestApp.start(Map.of(), dir, clock)) {
            config = empty.app().components().config();
        }
        DemoData.Result demo = DemoHistory.onFirstStart(config, clock).orElseThrow();

        Map<String, String> before;
        try (TestApp server = TestApp.start(Map.of(), dir, clock)) {
            DashboardClient admin = server.dashboard().signedIn(server.user(demo.org().id(), User.Role.ADMIN));
            String overview = admin.get("/").body();
            assertFalse(overview.contains("data-testid=\"chart-empty\""), "both charts have bars");
            PAGES.forEach((page, row) -> assertTrue(admin.get(page).body().contains("data-testid=\"" + row + "\""),
                    page + " has rows"));

            Api api = server.api(demo.apiKey());
            before = totals(api);
            assertTrue(Long.parseLong(before.get("/api/v1/enrollments")) >= 200, "a few hundred enrollments");
            for (String status : List.of("ACTIVE", "COMPLETED")) {
                assertFalse(api.get("/api/v1/enrollments?status=" + status).expect(200).arr().isEmpty(), status);
            }
            assertFalse(api.get("/api/v1/events?name=purchased").expect(200).arr().isEmpty());
            JsonObject trial = api.get("/api/v1/workflows").expect(200).arr().getValuesAs(JsonObject.class).stream()
                    .filter(w -> w.getString("name").equals("Trial conversion")).findFirst().orElseThrow();
            assertEquals("EVENT", api.get("/api/v1/workflows/" + trial.getString("id")).expect(200).obj()
                    .getJsonObject("trigger").getString("type"));
            assertTrue(api.get("/api/v1/enrollments?workflowId=" + trial.getString("id") + "&status=COMPLETED")
                    .expect(200).arr().getValuesAs(JsonObject.class).stream()
                    .anyMatch(e -> !e.isNull("goalReachedAt")), "a trial ended by its goal");
            JsonObject stats = api.get("/api/v1/workflows/" + demo.welcomeWorkflowId() + "/stats").expect(200).obj();
            List<JsonObject> steps = stats.getJsonArray("steps").getValuesAs(JsonObject.class);
            assertTrue(steps.stream().mapToInt(s -> s.getInt("opened")).sum() > 0, stats.toString());
            assertTrue(steps.stream().mapToInt(s -> s.getInt("clicked")).sum() > 0, stats.toString());
            JsonObject hook = api.get("/api/v1/webhooks").expect(200).arr().getJsonObject(0);
            assertEquals(DemoHistory.REFUSED_TARGET, hook.getString("url"));
            assertTrue(hook.getString("description").contains("refuses"), "marked as failing");
            assertFalse(api.get("/api/v1/webhooks/" + hook.getString("id") + "/deliveries").expect(200).arr()
                    .isEmpty());
        }

        assertEquals(Optional.empty(), DemoHistory.onFirstStart(config, clock), "a second start");
        try (TestApp server = TestApp.start(Map.of(), dir, clock)) {
            assertEquals(before, totals(server.api(demo.apiKey())), "nothing added");
            assertEquals(1, server.app().components().orgs().list().size());
        }
    }

    private static Map<String, String> totals(Api api) {
        Map<String, String> totals = new LinkedHashMap<>();
        for (String list : List.of("/api/v1/contacts", "/api/v1/workflows", "/api/v1/enrollments",
                "/api/v1/messages", "/api/v1/events", "/api/v1/webhooks")) {
            totals.put(list, api.get(list).expect(200).header("X-Total-Count"));
        }
        return totals;
    }
}
