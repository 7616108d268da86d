package com.flownurture.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import com.flownurture.support.Http;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workflow editor's form over plain HTTP: a new step starts with its type's defaults, what is saved is what the
 * API shows, and a posted type that is no step type (only a forged form sends one) saves nothing and says why in the
 * API's words.
 */
class WorkflowEditorFormTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private final Http http = server.http();

    @Test
    void anAddedDelayStartsAtOneDayAndIsSavedAsTheApiStep() {
        TestApp.Tenant tenant = server.tenant();
        DashboardClient member = signedIn(tenant.orgId());
        String csrf = DashboardClient.csrf(member.get("/workflows/new").body());

        Map<String, String> form = new LinkedHashMap<>(Map.of("_csrf", csrf, "name", "Drip", "steps", "0",
                "action", "add", "newType", "DELAY"));
        Http.Response added = member.post("/workflows/new", form);
        assertEquals(200, added.status());
        assertTrue(added.body().contains("Step 1: DELAY"), added.body());
        assertTrue(added.body().contains("name=\"step.0.delayAmount\" value=\"1\""), added.body());

        form.putAll(Map.of("steps", "1", "action", "save", "step.0.type", "DELAY", "step.0.delayAmount", "1",
                "step.0.delayUnit", "DAYS"));
        assertEquals(303, member.post("/workflows/new", form).status());
        String id = http.get("/api/v1/workflows", tenant.key()).expect(200).arr().getJsonObject(0).getString("id");
        JsonObject step = http.get("/api/v1/workflows/" + id, tenant.key()).expect(200).obj().getJsonArray("steps")
                .getJsonObject(0);
        assertEquals("DELAY", step.getString("type"));
        assertEquals(1, step.getInt("delayAmount"));
        assertEquals("DAYS", step.getString("delayUnit"));
    }

    @Test
    void aTypeThatIsNoStepTypeSavesNothingAndSaysWhy() {
        TestApp.Tenant tenant = server.tenant();
        DashboardClient member = signedIn(tenant.orgId());
        String csrf = DashboardClient.csrf(member.get("/workflows/new").body());

        Http.Response refused = member.post("/workflows/new", Map.of("_csrf", csrf, "name", "Forged",
                "steps", "1", "action", "save", "step.0.type", "SEND_SMS"));
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("steps[0].type must be one of SEND_EMAIL, DELAY, ADD_TAG, REMOVE_TAG, "
                + "UPDATE_CONTACT, WEBHOOK, CONDITION, WAIT_FOR_EVENT"), refused.body());
        assertEquals(0, http.get("/api/v1/workflows", tenant.key()).expect(200).arr().size());
    }

    private DashboardClient signedIn(String orgId) {
        TestApp.Login login = server.user(orgId, User.Role.MEMBER);
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(login.email(), login.password()).status());
        return client;
    }
}
