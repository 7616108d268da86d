package com.flownurture.enrollments;

import com.flownurture.support.Api;
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
    private Api api;
    private String contact;
    private String workflow;

    @BeforeEach
    void newTenant() {
        api = server.api(server.tenant());
        contact = api.createContact("e@example.com");
        workflow = api.createWorkflow(arr(obj("type", "DELAY", "delayAmount", 3, "delayUnit", "DAYS")));
    }

    /** The raw response, unlike {@link Api#enroll}: the tests look at refusals and at the created shape. */
    private Http.Response enroll(String contactId, String workflowId) {
        return api.post("/api/v1/enrollments", obj("contactId", contactId, "workflowId", workflowId));
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
        String draft = api.post("/api/v1/workflows", obj("name", "D")).obj().getString("id");
        assertTrue(enroll(contact, draft).expectError(400).obj().getString("message").contains("ACTIVE"));
        api.patch("/api/v1/workflows/" + workflow, obj("status", "PAUSED")).expect(200);
        enroll(contact, workflow).expectError(400);
        enroll("cnobody", workflow).expectError(404);
        enroll(contact, "cnoflow").expectError(404);
        api.post("/api/v1/enrollments", obj("contactId", contact)).expectError(400);
    }

    @Test
    void detailListFiltersAndExit() {
        String id = enroll(contact, workflow).expect(201).obj().getString("id");
        JsonObject detail = api.get("/api/v1/enrollments/" + id).expect(200).obj();
        assertEquals(0, detail.getInt("currentStepOrder"));
        assertFalse(detail.isNull("nextRunAt"));
        assertEquals(0, detail.getJsonArray("history").size());

        assertEquals(1, api.get("/api/v1/enrollments?workflowId=" + workflow).expect(200).arr().size());
        assertEquals(1, api.get("/api/v1/enrollments?contactId=" + contact + "&status=ACTIVE").arr().size());
        assertEquals(0, api.get("/api/v1/enrollments?status=COMPLETED").arr().size());
        api.get("/api/v1/enrollments?status=DONE").expectError(400);

        JsonObject exited = api.post("/api/v1/enrollments/" + id + "/exit").expect(200).obj();
        assertEquals("EXITED", exited.getString("status"));
        assertFalse(exited.isNull("completedAt"));
        api.post("/api/v1/enrollments/" + id + "/exit").expectError(409);
        enroll(contact, workflow).expect(201);
        assertEquals("2", api.get("/api/v1/enrollments").header("X-Total-Count"));
    }

    @Test
    void deletingAContactErasesItsEnrollments() {
        String id = enroll(contact, workflow).expect(201).obj().getString("id");
        api.delete("/api/v1/contacts/" + contact).expect(204);
        api.get("/api/v1/enrollments/" + id).expectError(404);
    }
}
