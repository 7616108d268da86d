package com.flownurture.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workflow editor shows the API's refusal of a step's field beside that field (issue #18, item 6). */
class WorkflowEditorErrorsTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    /** The error shown right after a field's input, or null. */
    private static String errorBeside(String html, String field) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(field) + "\"[^>]*>[^<]*(?:</textarea>)?</label>\\s*"
                + "<p class=\"error\" data-testid=\"field-error\">([^<]*)</p>").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private Http.Response save(DashboardClient client, String csrf, String url, String headers) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        form.put("name", "Hooks");
        form.put("steps", "2");
        form.put("step.0.type", "DELAY");
        form.put("step.0.delayAmount", "1");
        form.put("step.0.delayUnit", "DAYS");
        form.put("step.1.type", "WEBHOOK");
        form.put("step.1.url", url);
        form.put("step.1.headers", headers);
        form.put("action", "save");
        return client.post("/workflows/new", form);
    }

    @Test
    void aRefusedHeaderOrUrlIsShownBesideItsField() {
        TestApp.Tenant tenant = server.tenant();
        TestApp.Login login = server.user(tenant.orgId(), User.Role.ADMIN);
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(login.email(), login.password()).status());
        String csrf = DashboardClient.csrf(client.get("/workflows/new").body());

        Http.Response header = save(client, csrf, "https://93.184.216.34/hook",
                "{\"Host\":\"internal.admin.example\"}");
        assertEquals(400, header.status());
        String beside = errorBeside(header.body(), "step.1.headers");
        assertTrue(beside != null && beside.contains("Host"), header.body());

        Http.Response url = save(client, csrf, "ftp://example.com/x", "");
        assertEquals(400, url.status());
        String besideUrl = errorBeside(url.body(), "step.1.url");
        assertTrue(besideUrl != null && besideUrl.contains("http or https"), url.body());
        assertEquals(0, server.http().get("/api/v1/workflows", tenant.key()).expect(200).arr().size(), "none saved");
    }

    @Test
    void aRefusedTriggerIsShownBesideItsFieldAndNothingOfTheFormIsSaved() {
        TestApp.Tenant tenant = server.tenant();
        DashboardClient client = server.dashboard(server.user(tenant.orgId(), User.Role.MEMBER));
        String id = server.api(tenant).createWorkflow(obj("name", "Carts",
                "trigger", obj("type", "EVENT", "eventName", "cart_updated"),
                "steps", arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"))));
        String before = server.api(tenant).get("/api/v1/workflows/" + id).expect(200).body();
        String csrf = DashboardClient.csrf(client.get("/workflows/" + id + "/edit").body());

        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        form.put("name", "Renamed");
        form.put("trigger.type", "EVENT");
        form.put("trigger.eventName", "cart updated!");
        form.put("reentry", "AFTER_EXIT");
        form.put("steps", "1");
        form.put("step.0.type", "DELAY");
        form.put("step.0.order", "0");
        form.put("step.0.delayAmount", "5");
        form.put("step.0.delayUnit", "HOURS");
        form.put("action", "save");
        Http.Response refused = client.post("/workflows/" + id + "/edit", form);

        assertEquals(400, refused.status());
        String beside = errorBeside(refused.body(), "trigger.eventName");
        assertTrue(beside != null && beside.startsWith("trigger.eventName must be"), refused.body());
        assertEquals(before, server.api(tenant).get("/api/v1/workflows/" + id).expect(200).body(),
                "neither the name, the re-entry nor the step changed");
    }
}
