package com.flownurture.triggers;

import java.time.Duration;
import java.util.List;

import com.flownurture.db.AdHoc;
import com.flownurture.db.Params;
import com.flownurture.support.Api;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static com.flownurture.support.Json.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workflows that start and stop themselves, over real HTTP. The engine is stopped, so enrollments stay where the
 * triggers put them: what is asserted is what the triggering write committed with it.
 */
class TriggersTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private Http http;
    private String key;
    private Api api;
    private String orgId;

    @BeforeEach
    void newTenant() {
        TestApp.Tenant tenant = server.tenant();
        http = server.http();
        key = tenant.key();
        api = server.api(key);
        orgId = tenant.orgId();
    }

    /** An active workflow of one long delay, with these trigger, goal or re-entry settings. */
    private String workflow(Object... automation) {
        return api.createWorkflow(with(obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"))), automation));
    }

    private void tagging(String contactId, String tagId, String verb) {
        http.post("/api/v1/contacts/" + contactId + "/tags/" + verb, key, obj("tagId", tagId)).expect(200);
    }

    private JsonArray enrollments(String workflowId, String contactId) {
        return http.get("/api/v1/enrollments?workflowId=" + workflowId + "&contactId=" + contactId, key).expect(200)
                .arr();
    }

    private JsonObject only(String workflowId, String contactId) {
        JsonArray list = enrollments(workflowId, contactId);
        assertEquals(1, list.size(), list.toString());
        return http.get("/api/v1/enrollments/" + list.getJsonObject(0).getString("id"), key).expect(200).obj();
    }

    @Test
    void contactCreatedEnrollsInActiveWorkflowsOnly() {
        String active = workflow("trigger", obj("type", "CONTACT_CREATED"));
        String draft = http.post("/api/v1/workflows", key, obj("name", "Draft",
                "trigger", obj("type", "CONTACT_CREATED"),
                "steps", arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS")))).expect(201).obj()
                .getString("id");
        String manual = workflow("reentry", "AFTER_EXIT");
        String c = api.createContact("new@example.com");
        assertEquals("ACTIVE", only(active, c).getString("status"));
        assertEquals(0, enrollments(draft, c).size());
        assertEquals(0, enrollments(manual, c).size());
        JsonObject shown = http.get("/api/v1/workflows/" + active, key).expect(200).obj();
        assertEquals("CONTACT_CREATED", shown.getJsonObject("trigger").getString("type"));
        assertEquals("NEVER", shown.getString("reentry"));
        assertEquals(List.of(), shown.getJsonArray("problems"));
        JsonObject listed = http.get("/api/v1/workflows", key).expect(200).arr().getJsonObject(0);
        assertTrue(!listed.containsKey("trigger"), "the list keeps the reference's fields");
    }

    @Test
    void tagAddedRespectsReentryNeverAndAfterExit() {
        String vip = api.createTag("VIP");
        String never = workflow("trigger", obj("type", "TAG_ADDED", "tagId", vip));
        String again = workflow("trigger", obj("type", "TAG_ADDED", "tagId", vip), "reentry", "AFTER_EXIT");
        String c = api.createContact("tagged@example.com");
        tagging(c, vip, "add");
        String first = only(again, c).getString("id");
        only(never, c);
        tagging(c, vip, "remove");
        tagging(c, vip, "add");
        assertEquals(1, enrollments(again, c).size(), "never two ACTIVE enrollments in one workflow");
        http.post("/api/v1/enrollments/" + first + "/exit", key, "").expect(200);
        http.post("/api/v1/enrollments/" + only(never, c).getString("id") + "/exit", key, "").expect(200);
        tagging(c, vip, "remove");
        tagging(c, vip, "add");
        assertEquals(2, enrollments(again, c).size(), "AFTER_EXIT: enrolled again once the first ended");
        assertEquals(1, enrollments(never, c).size(), "NEVER: enrolled once");
    }

    @Test
    void fieldChangedWithAndWithoutValue() {
        String mql = workflow("trigger", obj("type", "FIELD_CHANGED", "field", "lifecycleStage", "value", "MQL"));
        String any = workflow("trigger", obj("type", "FIELD_CHANGED", "field", "leadScore"));
        String c = api.createContact("field@example.com");
        http.patch("/api/v1/contacts/" + c, key, obj("lifecycleStage", "LEAD")).expect(200);
        assertEquals(0, enrollments(mql, c).size());
        http.patch("/api/v1/contacts/" + c, key, obj("lifecycleStage", "MQL", "leadScore", 7)).expect(200);
        only(mql, c);
        only(any, c);
    }

    @Test
    void eventTriggerRemembersItsEvent() {
        String flow = workflow("trigger", obj("type", "EVENT", "eventName", "cart_updated"));
        String c = api.createContact("cart@example.com");
        api.event(c, "page_viewed", obj());
        assertEquals(0, enrollments(flow, c).size());
        String eventId = api.event(c, "cart_updated", obj("cartId", "c1"));
        only(flow, c);
        assertEquals(List.of(eventId), server.app().components().db().list(
                AdHoc.sql("SELECT trigger_event_id FROM enrollments WHERE contact_id = :contact"),
                Params.of("contact", c), r -> r.get("trigger_event_id")));
    }

    @Test
    void segmentEnteredOnAWriteNotForThoseAlreadyIn() {
        String already = api.createContact(obj("email", "already@example.com", "leadScore", 90)).getString("id");
        String segment = http.post("/api/v1/segments", key, obj("name", "Hot",
                "groups", arr(obj("rules", arr(obj("field", "leadScore", "operator", "gte", "value", 50))))))
                .expect(201).obj().getString("id");
        String flow = workflow("trigger", obj("type", "SEGMENT_ENTERED", "segmentId", segment));
        String c = api.createContact(obj("email", "warming@example.com", "leadScore", 10)).getString("id");
        assertEquals(0, enrollments(flow, c).size());
        http.patch("/api/v1/contacts/" + c, key, obj("leadScore", 60)).expect(200);
        only(flow, c);
        http.patch("/api/v1/contacts/" + already, key, obj("leadScore", 95)).expect(200);
        assertEquals(0, enrollments(flow, already).size(), "in the segment before the workflow was active");
    }

    @Test
    void segmentEnteredByTimeAloneThroughTheSweep() {
        String segment = http.post("/api/v1/segments", key, obj("name", "Older than 3 days",
                "groups",
                arr(obj("rules", arr(obj("field", "createdAt", "operator", "more_than_days_ago", "value", 3))))))
                .expect(201).obj().getString("id");
        String flow = workflow("trigger", obj("type", "SEGMENT_ENTERED", "segmentId", segment));
        String c = api.createContact("aging@example.com");
        server.app().components().sweep().sweep();
        assertEquals(0, enrollments(flow, c).size());
        server.clock().advance(Duration.ofDays(4));
        try {
            assertTrue(server.app().components().sweep().sweep() >= 1);
            only(flow, c);
        } finally {
            server.clock().advance(Duration.ofDays(-4));
        }
    }

    @Test
    void goalsCompleteTheEnrollment() {
        String done = api.createTag("Bought");
        String segment = http.post("/api/v1/segments", key, obj("name", "Customers",
                "groups", arr(obj("rules",
                        arr(obj("field", "lifecycleStage", "operator", "equals", "value", "CUSTOMER"))))))
                .expect(201).obj().getString("id");
        String flow = workflow("trigger", obj("type", "CONTACT_CREATED"), "goals", arr(
                obj("type", "TAG_ADDED", "tagId", done),
                obj("type", "EVENT", "eventName", "order_completed"),
                obj("type", "FIELD_CHANGED", "field", "jobTitle", "value", "CEO"),
                obj("type", "SEGMENT_ENTERED", "segmentId", segment)));
        String byTag = api.createContact("g1@example.com");
        tagging(byTag, done, "add");
        String byEvent = api.createContact("g2@example.com");
        api.event(byEvent, "order_completed", obj());
        String byField = api.createContact("g3@example.com");
        http.patch("/api/v1/contacts/" + byField, key, obj("jobTitle", "CEO")).expect(200);
        String bySegment = api.createContact("g4@example.com");
        http.patch("/api/v1/contacts/" + bySegment, key, obj("lifecycleStage", "CUSTOMER")).expect(200);
        for (String c : List.of(byTag, byEvent, byField, bySegment)) {
            JsonObject e = only(flow, c);
            assertEquals("COMPLETED", e.getString("status"), c);
            assertNotNull(e.getString("goalReachedAt"));
            JsonObject last = e.getJsonArray("history").getJsonObject(e.getJsonArray("history").size() - 1);
            assertEquals(List.of("GOAL", "GOAL_REACHED"), List.of(last.getString("type"), last.getString("outcome")));
        }
        String untouched = api.createContact("g5@example.com");
        assertEquals("ACTIVE", only(flow, untouched).getString("status"));
    }

    @Test
    void exitConditionsEndTheEnrollmentWithTheReason() {
        String vip = api.createTag("VIP");
        String spam = api.createTag("Spam");
        String segment = http.post("/api/v1/segments", key, obj("name", "Scored",
                "groups", arr(obj("rules", arr(obj("field", "leadScore", "operator", "gte", "value", 10))))))
                .expect(201).obj().getString("id");
        String flow = workflow("trigger", obj("type", "CONTACT_CREATED"), "exitOn", arr(
                obj("type", "TAG_REMOVED", "tagId", vip),
                obj("type", "TAG_ADDED", "tagId", spam),
                obj("type", "EVENT", "eventName", "churned"),
                obj("type", "UNSUBSCRIBED"), obj("type", "SEGMENT_LEFT", "segmentId", segment)));
        String removed = api.createContact("x1@example.com");
        tagging(removed, vip, "add");
        tagging(removed, vip, "remove");
        String added = api.createContact("x2@example.com");
        tagging(added, spam, "add");
        String churned = api.createContact("x3@example.com");
        api.event(churned, "churned", obj());
        String unsubscribed = api.createContact("x4@example.com");
        var c = server.app().components();
        c.db().write(tx -> c.contacts().unsubscribe(tx, orgId, unsubscribed));
        String left = api.createContact(obj("email", "x5@example.com", "leadScore", 20)).getString("id");
        http.patch("/api/v1/contacts/" + left, key, obj("leadScore", 5)).expect(200);
        for (String contact : List.of(removed, added, churned, unsubscribed, left)) {
            JsonObject e = only(flow, contact);
            assertEquals("EXITED", e.getString("status"), contact);
            JsonObject last = e.getJsonArray("history").getJsonObject(e.getJsonArray("history").size() - 1);
            assertEquals("EXIT", last.getString("type"));
            assertTrue(last.getString("detail").startsWith("exit condition: "), last.toString());
        }
    }

    @Test
    void referencesAreCheckedAndADeletedOneIsAProblem() {
        http.post("/api/v1/workflows", key, obj("name", "W", "trigger", obj("type", "TAG_ADDED", "tagId", "nope")))
                .expect(400);
        http.post("/api/v1/workflows", key, obj("name", "W", "goals", arr(obj("type", "CONTACT_CREATED")))).expect(400);
        http.post("/api/v1/workflows", key, obj("name", "W", "trigger", obj("type", "EVENT", "eventName", "bad name!")))
                .expect(400);
        String gone = api.createTag("Soon gone");
        String flow = workflow("trigger", obj("type", "TAG_ADDED", "tagId", gone));
        http.delete("/api/v1/tags/" + gone, key).expect(204);
        JsonArray problems = http.get("/api/v1/workflows/" + flow, key).expect(200).obj().getJsonArray("problems");
        assertEquals(1, problems.size());
        assertTrue(problems.getString(0).contains(gone), problems.toString());
        http.patch("/api/v1/workflows/" + flow, key, obj("trigger", obj("type", "CONTACT_CREATED"))).expect(200);
        String c = api.createContact("after@example.com");
        only(flow, c);
    }

    @Test
    void eventRulesSelectContactsAndConditionsTestThem() {
        for (JsonObject bad : List.of(obj("field", "event", "operator", "performed", "value", "bad name"),
                obj("field", "event", "operator", "has", "value", "order"),
                obj("field", "event", "operator", "performed", "value", "order", "withinDays", 0),
                obj("field", "leadScore", "operator", "gte", "value", 1, "withinDays", 3))) {
            http.post("/api/v1/segments", key, obj("name", "S", "groups", arr(obj("rules", arr(bad)))))
                    .expect(400);
        }
        String segment = http.post("/api/v1/segments", key, obj("name", "Ordered this week",
                "groups", arr(obj("rules",
                        arr(obj("field", "event", "operator", "performed", "value", "order", "withinDays", 7))))))
                .expect(201).obj().getString("id");
        String buyer = api.createContact("buyer@example.com");
        String browser = api.createContact("browser@example.com");
        api.event(buyer, "order", obj());
        api.event(browser, "page_viewed", obj());
        JsonArray members = http.get("/api/v1/segments/" + segment + "/contacts", key).expect(200).arr();
        assertEquals(List.of(buyer), members.stream().map(m -> m.asJsonObject().getString("id")).toList());

        String flow = http.post("/api/v1/workflows", key, obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "CONDITION", "segmentId", segment, "onFalse", "EXIT"),
                        obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS")))).expect(201).obj()
                .getString("id");
        for (String c : List.of(buyer, browser)) {
            http.post("/api/v1/enrollments", key, obj("contactId", c, "workflowId", flow))
                    .expect(201);
        }
        server.app().engine().tick();
        assertEquals("MATCHED", only(flow, buyer).getJsonArray("history").getJsonObject(0).getString("outcome"));
        assertEquals("EXITED", only(flow, browser).getString("status"));
    }

    @Test
    void aStepThatMeetsItsOwnGoalCompletesTheEnrollment() {
        String onboarded = api.createTag("Onboarded");
        String flow = http.post("/api/v1/workflows", key, obj("name", "Onboarding", "status", "ACTIVE",
                "trigger", obj("type", "CONTACT_CREATED"), "goals", arr(obj("type", "TAG_ADDED", "tagId", onboarded)),
                "steps", arr(obj("type", "ADD_TAG", "tagId", onboarded),
                        obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS")))).expect(201).obj()
                        .getString("id");
        String c = api.createContact("self@example.com");
        server.app().engine().tick();
        JsonObject e = only(flow, c);
        assertEquals("COMPLETED", e.getString("status"));
        List<String> outcomes = e.getJsonArray("history").stream()
                .map(h -> h.asJsonObject().getString("outcome")).toList();
        assertEquals(List.of("GOAL_REACHED", "DONE"), outcomes, "the goal its own step met, then that step");
        assertEquals(0, server.app().engine().tick(), "nothing left to run, nothing claimed in a loop");
    }
}
