package com.flownurture.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A contact's page lists each of its enrollments with that enrollment's own history, read for the whole page at once:
 * the same steps, in the same order, as the API's detail of each enrollment shows.
 */
class ContactPageTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true", "engine.tick-ms", "20"));

    private static final Pattern ENROLLMENT = Pattern.compile(
            "data-testid=\"contact-enrollment\">\\s*<a href=\"/enrollments/([a-z0-9]+)\">.*?<ol>(.*?)</ol>",
            Pattern.DOTALL);
    private static final Pattern ITEM = Pattern.compile("<li>(.*?)</li>");

    private final Http http = server.http();

    @Test
    void eachEnrollmentShowsItsOwnHistoryInOrder() {
        TestApp.Tenant tenant = server.tenant();
        String key = tenant.key();
        String contact = http.post("/api/v1/contacts", key, obj("email", "hist@example.com")).expect(201).obj()
                .getString("id");
        String first = http.post("/api/v1/tags", key, obj("name", "First")).obj().getString("id");
        String second = http.post("/api/v1/tags", key, obj("name", "Second")).obj().getString("id");
        String oneStepThenWait = workflow(key, "Waits", arr(obj("type", "ADD_TAG", "tagId", first),
                obj("type", "DELAY", "delayAmount", 2, "delayUnit", "DAYS")));
        String threeSteps = workflow(key, "Runs through", arr(obj("type", "ADD_TAG", "tagId", second),
                obj("type", "REMOVE_TAG", "tagId", second),
                obj("type", "ADD_TAG", "tagId", second)));
        String waitsFirst = workflow(key, "Not started", arr(obj("type", "DELAY", "delayAmount", 3,
                        "delayUnit", "DAYS")));
        List<String> enrollments = new ArrayList<>();
        for (String workflow : List.of(oneStepThenWait, threeSteps, waitsFirst)) {
            enrollments.add(http.post("/api/v1/enrollments", key, obj("contactId", contact, "workflowId", workflow))
                    .expect(201).obj().getString("id"));
        }
        Await.until(Duration.ofSeconds(10), "the first steps run", () -> history(key, enrollments.get(0)).size() >= 1
                && history(key, enrollments.get(1)).size() >= 3);
        // Then two whole engine rounds: whatever else was due has run, and the delays hold the rest for days.
        long seen = server.app().engine().ticks();
        Await.until(Duration.ofSeconds(5), "two engine rounds", () -> server.app().engine().ticks() >= seen + 2);

        Map<String, List<String>> expected = new TreeMap<>();
        for (String id : enrollments) {
            List<String> items = new ArrayList<>();
            for (JsonValue value : history(key, id)) {
                JsonObject step = value.asJsonObject();
                items.add(step.getString("type") + " — " + step.getString("outcome") + " at "
                        + step.getString("executedAt"));
            }
            expected.put(id, items);
        }
        assertEquals(3, expected.get(enrollments.get(1)).size(), "three steps, one entry each");

        TestApp.Login login = server.user(tenant.orgId(), User.Role.MEMBER);
        DashboardClient member = server.dashboard();
        assertEquals(303, member.signIn(login.email(), login.password()).status());
        String page = member.get("/contacts/" + contact).body();
        Map<String, List<String>> shown = new TreeMap<>();
        Matcher enrollment = ENROLLMENT.matcher(page);
        while (enrollment.find()) {
            List<String> items = new ArrayList<>();
            Matcher item = ITEM.matcher(enrollment.group(2));
            while (item.find()) {
                items.add(item.group(1));
            }
            shown.put(enrollment.group(1), items);
        }
        assertEquals(expected, shown, page);

        String stranger = server.tenant().orgId();
        JsonArray none = server.app().components().enrollments().histories(stranger, enrollments)
                .get(enrollments.get(1));
        assertTrue(none.isEmpty(), "another organization reads no history of these enrollments");
    }

    private String workflow(String key, String name, JsonArray steps) {
        return server.api(key).createWorkflow(obj("name", name, "status", "ACTIVE", "steps", steps));
    }

    private JsonArray history(String key, String enrollmentId) {
        return http.get("/api/v1/enrollments/" + enrollmentId, key).expect(200).obj().getJsonArray("history");
    }
}
