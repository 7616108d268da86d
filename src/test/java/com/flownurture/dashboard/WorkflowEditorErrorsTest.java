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
}
