package com.flownurture.dashboard;

import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #18, item 8: the dashboard's import reports a CSV it cannot read by line and sentence, not by exception. */
class ImportErrorsPageTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    @Test
    void anUnreadableCsvIsReportedByLineAndSentence() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        TestApp.Login admin = server.user(tenant.orgId(), User.Role.ADMIN);
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(admin.email(), admin.password()).status());
        String csrf = DashboardClient.csrf(client.get("/contacts/import").body());
        Http.Response started = client.post("/contacts/import", "text/csv",
                "email,firstName\nok@example.com,Ok\nbad@example.com,\"Bad\"x\n",
                Map.of(DashboardFilter.CSRF_HEADER, csrf));
        assertEquals(303, started.status(), started.body());
        String job = started.header("Location");
        Await.until(Duration.ofSeconds(10), "the import to stop", () -> client.get(job).body()
                .contains("data-done=\"true\""));
        String page = client.get(job).body();
        assertTrue(page.contains("The import stopped: line 3: a quoted value must be followed by a comma"), page);
        assertFalse(page.contains("Exception") || page.contains("org.apache"), page);
        assertEquals(1, server.http().get("/api/v1/contacts", tenant.key()).expect(200).arr().size(),
                "the row before it was imported");
    }
}
