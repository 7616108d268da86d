package com.flownurture.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.support.Api;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonObject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saving through the editor never drops what the API set: every workflow shape the API accepts (each trigger type,
 * re-entry, every goal and exit type, every step type with all its fields, orders with gaps, tracking, an ACTIVE
 * status) is made through the API, its editor's form is read from the HTML as a browser would submit it and posted
 * back unchanged, and {@code GET /api/v1/workflows/:id} is the same before and after, to the step ids.
 */
class WorkflowEditorRoundTripTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private static Api api;
    private static DashboardClient member;
    private static String tag;
    private static String segment;

    @BeforeAll
    static void tenant() {
        TestApp.Tenant tenant = server.tenant();
        api = server.api(tenant);
        member = server.dashboard(server.user(tenant.orgId(), User.Role.MEMBER));
        tag = api.createTag("VIP");
        segment = api.post("/api/v1/segments", obj("name", "Leads", "groups", arr(obj("rules",
                arr(obj("field", "lifecycleStage", "operator", "at_least", "value", "LEAD"))))))
                .expect(201).obj().getString("id");
    }

    /** One step of each type, every optional field set, numbered with gaps. */
    private static List<JsonObject> everyStep() {
        return List.of(
                obj("type", "SEND_EMAIL", "order", 10, "subject", "Hi {{firstName|there}}",
                        "body", "<p>Welcome <b>aboard</b></p>", "text", "Welcome aboard", "fromName", "Team",
                        "fromEmail", "team@example.com", "replyTo", "help@example.com"),
                obj("type", "DELAY", "order", 20, "delayAmount", 3, "delayUnit", "HOURS"),
                obj("type", "ADD_TAG", "order", 30, "tagId", tag),
                obj("type", "REMOVE_TAG", "order", 40, "tagId", tag),
                obj("type", "UPDATE_CONTACT", "order", 50, "fields", obj("lifecycleStage", "MQL", "leadScore", 77,
                        "customFields", obj("plan", "pro"))),
                obj("type", "WEBHOOK", "order", 60, "url", "http://127.0.0.1:9/hook",
                        "headers", obj("X-Team", "growth")),
                obj("type", "CONDITION", "order", 70, "segmentId", segment, "onFalse", "SKIP"),
                obj("type", "WAIT_FOR_EVENT", "order", 80, "eventName", "order_completed", "timeoutAmount", 2,
                        "timeoutUnit", "WEEKS", "matchProperty", "cartId", "onEvent", "COMPLETE",
                        "onTimeout", "EXIT"));
    }

    /** The workflows to round-trip: each trigger type, then every goal and exit type and every step type. */
    private static List<JsonObject> shapes() {
        List<JsonObject> triggers = List.of(obj("type", "MANUAL"), obj("type", "CONTACT_CREATED"),
                obj("type", "TAG_ADDED", "tagId", tag), obj("type", "SEGMENT_ENTERED", "segmentId", segment),
                obj("type", "EVENT", "eventName", "cart_updated"),
                obj("type", "FIELD_CHANGED", "field", "lifecycleStage", "value", "SQL"),
                obj("type", "FIELD_CHANGED", "field", "company"), obj("type", "CONSENT_CONFIRMED"));
        List<JsonObject> shapes = new java.util.ArrayList<>();
        triggers.forEach(t -> shapes.add(obj("name", "Trigger " + t.getString("type"), "trigger", t,
                "steps", arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS")))));
        shapes.add(obj("name", "Everything", "status", "ACTIVE", "reentry", "AFTER_EXIT",
                "trigger", obj("type", "EVENT", "eventName", "cart_updated"),
                "goals", arr(obj("type", "TAG_ADDED", "tagId", tag), obj("type", "EVENT", "eventName", "paid"),
                        obj("type", "SEGMENT_ENTERED", "segmentId", segment),
                        obj("type", "FIELD_CHANGED", "field", "leadScore", "value", 90),
                        obj("type", "FIELD_CHANGED", "field", "jobTitle")),
                "exitOn", arr(obj("type", "SEGMENT_LEFT", "segmentId", segment),
                        obj("type", "TAG_REMOVED", "tagId", tag), obj("type", "TAG_ADDED", "tagId", tag),
                        obj("type", "EVENT", "eventName", "refund"), obj("type", "UNSUBSCRIBED")),
                "tracking", obj("opens", true, "clicks", true), "steps", arr(everyStep().toArray())));
        shapes.add(obj("name", "No steps"));
        return shapes;
    }

    @Test
    void everyApiMadeShapeSavedThroughTheEditorIsUnchanged() {
        for (JsonObject shape : shapes()) {
            String id = api.createWorkflow(shape);
            JsonObject before = api.get("/api/v1/workflows/" + id).expect(200).obj();

            Http.Response saved = member.post("/workflows/" + id + "/edit", submitted(id));
            assertEquals(303, saved.status(), shape.getString("name") + ": " + saved.body());

            assertEquals(before, api.get("/api/v1/workflows/" + id).expect(200).obj(), shape.getString("name"));
        }
    }

    @Test
    void theEditorShowsTheTriggerGoalsExitsAndWaitForEventFields() {
        String id = api.createWorkflow(shapes().get(shapes().size() - 2));
        String html = member.get("/workflows/" + id + "/edit").body();
        for (String field : List.of("trigger.eventName", "reentry", "goal.0.tagId", "goal.3.value", "exit.4.type",
                "step.0.text", "step.7.matchProperty", "step.7.onEvent", "step.7.onTimeout", "step.7.order")) {
            assertTrue(html.contains("name=\"" + field + "\""), field);
        }
    }

    /**
     * The editor's form as a browser submits it with its Save button: every input, textarea and checked box, each
     * select's chosen option; the other buttons are left out.
     */
    private static Map<String, String> submitted(String id) {
        String html = member.get("/workflows/" + id + "/edit").expect(200).body();
        FormElement form = (FormElement) Jsoup.parse(html).selectFirst("form[action=/workflows/" + id + "/edit]");
        Map<String, String> data = new LinkedHashMap<>();
        for (var field : form.formData()) {
            Element control = form.selectFirst("[name=\"" + field.key() + "\"]");
            if (control == null || !control.normalName().equals("button")) {
                assertEquals(null, data.put(field.key(), field.value()), "one field named " + field.key());
            }
        }
        data.put("action", "save");
        return data;
    }
}
