package com.flownurture.workflows;

import com.flownurture.support.Http;
import com.flownurture.support.Json;
import com.flownurture.support.TestApp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkflowsApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private Http http;
    private String key;
    private String tagId;
    private String segmentId;

    @BeforeEach
    void newTenant() {
        http = server.http();
        key = server.tenant().key();
        tagId = http.post("/api/v1/tags", key, obj("name", "Onboarded")).expect(201).obj().getString("id");
        segmentId = http.post("/api/v1/segments", key, obj("name", "All", "groups", arr())).expect(201).obj()
                .getString("id");
    }

    private JsonArray everyStepType() {
        return arr(obj("type", "SEND_EMAIL", "subject", "Hi {{firstName|there}}",
                        "body", "<p>Hello {{customFields.plan}}</p>", "fromName", "Team",
                        "fromEmail", "team@example.com", "replyTo", "help@example.com"),
                obj("type", "DELAY", "delayAmount", 2, "delayUnit", "DAYS"),
                obj("type", "ADD_TAG", "tagId", tagId),
                obj("type", "REMOVE_TAG", "tagId", tagId),
                obj("type", "UPDATE_CONTACT", "fields", obj("lifecycleStage", "MQL", "leadScore", 10)),
                obj("type", "WEBHOOK", "url", "https://hooks.example.com/in", "headers", obj("X-Token", "abc")),
                obj("type", "CONDITION", "segmentId", segmentId, "onFalse", "SKIP"));
    }

    @Test
    void buildInspectChangeAndRemoveAWorkflow() {
        JsonObject created = http.post("/api/v1/workflows", key, obj("name", "Onboarding", "steps", everyStepType()))
                .expect(201).obj();
        assertEquals("DRAFT", created.getString("status"), "DRAFT by default");
        JsonArray steps = created.getJsonArray("steps");
        assertEquals(7, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i, steps.getJsonObject(i).getInt("order"));
        }
        JsonObject delay = steps.getJsonObject(1);
        assertEquals("DELAY", delay.getString("type"));
        assertEquals(2, delay.getInt("delayAmount"));
        assertEquals("DAYS", delay.getString("delayUnit"));
        assertFalse(delay.containsKey("subject"), "a type's fields appear only on that type");
        assertFalse(steps.getJsonObject(0).containsKey("delayAmount"));
        assertEquals("SKIP", steps.getJsonObject(6).getString("onFalse"));

        String id = created.getString("id");
        assertEquals(created, http.get("/api/v1/workflows/" + id, key).expect(200).obj());
        JsonObject listed = http.get("/api/v1/workflows", key).expect(200).arr().getJsonObject(0);
        assertEquals(7, listed.getJsonObject("_count").getInt("steps"));
        assertEquals(0, listed.getJsonObject("_count").getInt("enrollments"));

        JsonObject active = http.patch("/api/v1/workflows/" + id, key, obj("status", "ACTIVE", "name", "Welcome"))
                .expect(200).obj();
        assertEquals("ACTIVE", active.getString("status"));
        assertEquals("Welcome", active.getString("name"));

        JsonObject replaced = http.put("/api/v1/workflows/" + id + "/steps", key,
                arr(obj("type", "DELAY", "delayAmount", 5, "delayUnit", "MINUTES", "order", 10),
                        obj("type", "SEND_EMAIL", "subject", "S", "body", "B", "order", 3))).expect(200).obj();
        assertEquals("SEND_EMAIL", replaced.getJsonArray("steps").getJsonObject(0).getString("type"), "by order");
        assertEquals(10, replaced.getJsonArray("steps").getJsonObject(1).getInt("order"));

        http.delete("/api/v1/workflows/" + id, key).expect(204);
        http.get("/api/v1/workflows/" + id, key).expectError(404);
    }

    @Test
    void activeNeedsAStepAndAWorkflowWithEnrollmentsCannotBeDeleted() {
        http.post("/api/v1/workflows", key, obj("name", "Empty", "status", "ACTIVE")).expectError(400);
        String id = http.post("/api/v1/workflows", key, obj("name", "Empty")).expect(201).obj().getString("id");
        http.patch("/api/v1/workflows/" + id, key, obj("status", "ACTIVE")).expectError(400);
        http.put("/api/v1/workflows/" + id + "/steps", key,
                arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"))).expect(200);
        http.patch("/api/v1/workflows/" + id, key, obj("status", "ACTIVE")).expect(200);
        http.put("/api/v1/workflows/" + id + "/steps", key, arr()).expectError(400);
        String contact = http.post("/api/v1/contacts", key, obj("email", "w@example.com")).obj().getString("id");
        http.post("/api/v1/enrollments", key, obj("contactId", contact, "workflowId", id))
                .expect(201);
        http.delete("/api/v1/workflows/" + id, key).expectError(409);
        assertEquals(1, http.get("/api/v1/workflows", key).arr().getJsonObject(0).getJsonObject("_count")
                .getInt("enrollments"));
    }

    @Test
    void archivingExitsActiveEnrollments() {
        String id = http.post("/api/v1/workflows", key, obj("name", "A", "status", "ACTIVE",
                "steps", arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS")))).obj().getString("id");
        String contact = http.post("/api/v1/contacts", key, obj("email", "arch@example.com")).obj().getString("id");
        String enrollment = http.post("/api/v1/enrollments", key,
                obj("contactId", contact, "workflowId", id)).obj().getString("id");
        http.patch("/api/v1/workflows/" + id, key, obj("status", "ARCHIVED")).expect(200);
        assertEquals("EXITED", http.get("/api/v1/enrollments/" + enrollment, key).obj().getString("status"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown type                | [{\"type\":\"SMS\"}]                                                        | steps[0].type",
        "missing type                | [{\"subject\":\"x\"}]                                                      | steps[0].type",
        "subject too long            | [{\"type\":\"SEND_EMAIL\",\"subject\":\"%s\",\"body\":\"b\"}]              | steps[0].subject",
        "missing body                | [{\"type\":\"SEND_EMAIL\",\"subject\":\"s\"}]                              | steps[0].body",
        "bad fromEmail               | [{\"type\":\"SEND_EMAIL\",\"subject\":\"s\",\"body\":\"b\",\"fromEmail\":\"x\"}] | steps[0].fromEmail",
        "delay zero                  | [{\"type\":\"DELAY\",\"delayAmount\":0,\"delayUnit\":\"DAYS\"}]            | steps[0].delayAmount",
        "delay too long              | [{\"type\":\"DELAY\",\"delayAmount\":1001,\"delayUnit\":\"DAYS\"}]         | steps[0].delayAmount",
        "bad delay unit              | [{\"type\":\"DELAY\",\"delayAmount\":1,\"delayUnit\":\"YEARS\"}]           | steps[0].delayUnit",
        "unknown tag                 | [{\"type\":\"ADD_TAG\",\"tagId\":\"cnope\"}]                               | steps[0].tagId",
        "field of another type       | [{\"type\":\"ADD_TAG\",\"tagId\":\"x\",\"delayAmount\":1}]                 | steps[0].delayAmount",
        "bad contact field           | [{\"type\":\"UPDATE_CONTACT\",\"fields\":{\"lifecycleStage\":\"X\"}}]      | steps[0].fields.lifecycleStage",
        "webhook not http            | [{\"type\":\"WEBHOOK\",\"url\":\"ftp://x.example.com\"}]                   | steps[0].url",
        "unknown segment             | [{\"type\":\"CONDITION\",\"segmentId\":\"cnope\"}]                         | steps[0].segmentId",
        "bad onFalse                 | [{\"type\":\"CONDITION\",\"segmentId\":\"cnope\",\"onFalse\":\"MAYBE\"}]   | steps[0].",
        "duplicate order             | [{\"type\":\"DELAY\",\"delayAmount\":1,\"delayUnit\":\"DAYS\",\"order\":1},{\"type\":\"DELAY\",\"delayAmount\":1,\"delayUnit\":\"DAYS\",\"order\":1}] | steps[1].order",
        "second step bad             | [{\"type\":\"DELAY\",\"delayAmount\":1,\"delayUnit\":\"DAYS\"},{\"type\":\"NOPE\"}] | steps[1].type",
        "step not an object          | [42]                                                                     | steps[0]"})
    void aBadStepIsRefusedNamingItsIndexAndField(String name, String steps, String named) {
        JsonObject body = obj("name", "Bad", "steps", Json.parse(steps.replace("%s", "x".repeat(201))));
        Http.Response response = http.post("/api/v1/workflows", key, body).expectError(400);
        assertTrue(response.obj().getString("message").contains(named), response.body());
        assertEquals(0, http.get("/api/v1/workflows", key).arr().size(), "nothing saved");
    }
}
