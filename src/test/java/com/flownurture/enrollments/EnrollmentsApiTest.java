package com.flownurture.enrollments;

import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrollmentsApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private Http http;
    private String key;
    private String contact;
    private String workflow;

    @BeforeEach
    void newTenant() {
        http = server.http();
        key = server.tenant().key();
        contact = http.post("/api/v1/contacts", key, obj("email", "e@example.com")).obj().getString("id");
        workflow = http.post("/api/v1/workflows", key, obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "DELAY", "delayAmount", 3, "delayUnit", "DAYS"))))
                .obj().getString("id");
    }

    private Http.Response enroll(String contactId, String workflowId) {
        return http.post("/api/v1/enrollments", key,
                obj("contactId", contactId, "workflowId", workflowId));
    }

    @Test
    void enrollingReturnsTheReferenceShape() {
        JsonObject e = enroll(contact, workflow).expect(201).obj();
        assertEquals(contact, e.getString("contactId"));
        assertEquals(workflow, e.getString("workflowId"));
        assertEquals("ACTIVE", e.getString("status"));
        assertTrue(e.containsKey("id") && e.containsKey("createdAt"));
        assertEquals(5, e.size());
        enroll(contact, workflow).expectError(409);
    }

    @Test
    void onlyActiveWorkflowsWithStepsAndKnownResources() {
        String draft = http.post("/api/v1/workflows", key, obj("name", "D")).obj().getString("id");
        assertTrue(enroll(contact, draft).expectError(400).obj().getString("message").contains("ACTIVE"));
        http.patch("/api/v1/workflows/" + workflow, key, obj("status", "PAUSED")).expect(200);
        enroll(contact, workflow).expectError(400);
        enroll("cnobody", workflow).expectError(404);
        enroll(contact, "cnoflow").expectError(404);
        http.post("/api/v1/enrollments", key, obj("contactId", contact)).expectError(400);
    }

    @Test
    void detailListFiltersAndExit() {
        String id = enroll(contact, workflow).expect(201).obj().getString("id");
        JsonObject detail = http.get("/api/v1/enrollments/" + id, key).expect(200).obj();
        assertEquals(0, detail.getInt("currentStepOrder"));
        assertFalse(detail.isNull("nextRunAt"));
        assertEquals(0, detail.getJsonArray("history").size());

        assertEquals(1, http.get("/api/v1/enrollments?workflowId=" + workflow, key).expect(200).arr().size());
        assertEquals(1, http.get("/api/v1/enrollments?contactId=" + contact + "&status=ACTIVE", key).arr().size());
        assertEquals(0, http.get("/api/v1/enrollments?status=COMPLETED", key).arr().size());
        http.get("/api/v1/enrollments?status=DONE", key).expectError(400);

        JsonObject exited = http.post("/api/v1/enrollments/" + id + "/exit", key).expect(200).obj();
        assertEquals("EXITED", exited.getString("status"));
        assertFalse(exited.isNull("completedAt"));
        http.post("/api/v1/enrollments/" + id + "/exit", key).expectError(409);
        enroll(contact, workflow).expect(201);
        assertEquals("2", http.get("/api/v1/enrollments", key).header("X-Total-Count"));
    }

    @Test
    void deletingAContactErasesItsEnrollments() {
        String id = enroll(contact, workflow).expect(201).obj().getString("id");
        http.delete("/api/v1/contacts/" + contact, key).expect(204);
        http.get("/api/v1/enrollments/" + id, key).expectError(404);
    }
}
