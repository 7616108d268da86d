package com.flownurture.dashboard;

import java.util.List;
import java.util.Map;

import com.flownurture.app.Components;
import com.flownurture.auth.Scopes;
import com.flownurture.common.Json;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.common.JsonFields;
import com.flownurture.http.SecurityHeaders;
import com.flownurture.segments.Segment;
import com.flownurture.support.Await;
import com.flownurture.support.Browser;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.tags.Tag;
import com.flownurture.users.User;
import com.flownurture.workflows.Workflow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every text a user can type, filled with markup, shows as text on every page (checked in the DOM, not the HTML
 * string); and a signed-in user of another organization gets a 404 page for each of this one's resources.
 */
class XssAndTenancyBrowserTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true"));
    @RegisterExtension
    static final Browser browser = Browser.perClass(server::baseUrl);

    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String SCRIPT = "<script>alert(2)</script>";

    private static String orgId;
    private static Contact contact;
    private static Workflow workflow;
    private static Segment segment;
    private static Enrollment enrollment;
    private static String messageId;
    private static String webhookId;

    @BeforeAll
    static void hostileData() {
        Components c = server.app().components();
        orgId = server.tenant().orgId();
        var json = Json.createObjectBuilder().add("email", "x\"'<b>@example.com");
        for (String field : List.of("firstName", "lastName", "company", "jobTitle", "country", "city", "source")) {
            json.add(field, field.equals("lastName") ? SCRIPT : IMG);
        }
        json.add("customFields", Json.createObjectBuilder().add("note", IMG));
        contact = c.contacts().create(orgId, ContactChanges.parse(new JsonFields(json.build(), ""), true));
        Tag tag = c.tags().create(orgId, IMG);
        c.tags().addToContact(orgId, contact.id(), tag.id());
        segment = c.segments().create(orgId, IMG, Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("rules", Json.createArrayBuilder().add(Json.createObjectBuilder().add("field", "firstName")
                        .add("operator", "equals").add("value", IMG)))).build());
        workflow = c.workflows().create(orgId, IMG, com.flownurture.workflows.WorkflowStatus.ACTIVE, Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("type", "SEND_EMAIL").add("subject", IMG + " {{firstName}}")
                .add("body", SCRIPT + "<p>Hi {{firstName}}</p>")).build());
        c.keys().create(orgId, IMG, Scopes.ALL);
        c.suppressions().addManual(orgId, "hostile@example.com", IMG, SCRIPT);
        enrollment = c.enrollments().enroll(orgId, contact.id(), workflow.id());
        Await.until(Browser.TIMEOUT, "the email", () -> server.http().get("/api/v1/messages?status=SENT",
                server.key(orgId, Scopes.ALL).key()).body().contains("\"id\""));
        messageId = server.http().get("/api/v1/messages", server.key(orgId, Scopes.ALL).key()).json().asJsonArray()
                .getJsonObject(0).getString("id");
        server.http().patch("/api/v1/settings", server.key(orgId, Scopes.ALL).key(), Json.createObjectBuilder()
                .add("doubleOptIn", Json.createObjectBuilder().add("subject", IMG)
                        .add("template", "<p>{{confirmUrl}}</p>")).build().toString()).expect(200);
        webhookId = server.http().post("/api/v1/webhooks", server.key(orgId, Scopes.ALL).key(), Json.createObjectBuilder()
                .add("url", "http://127.0.0.1:9/hook").add("events", Json.createArrayBuilder().add("tag.removed"))
                .add("description", IMG).build()).expect(201).obj().getString("id");
    }

    @Test
    void markupInEveryFieldIsShownAsText() {
        TestApp.Login admin = server.user(orgId, User.Role.ADMIN);
        browser.signIn(admin.email(), admin.password());
        for (String path : List.of("/contacts", "/contacts/" + contact.id(), "/contacts/" + contact.id() + "/edit",
                "/tags", "/workflows", "/workflows/" + workflow.id(), "/workflows/" + workflow.id() + "/edit",
                "/segments", "/segments/" + segment.id(), "/api-keys", "/messages", "/messages/" + messageId,
                "/enrollments", "/enrollments/" + enrollment.id(), "/contacts?search=" + IMG, "/settings",
                "/suppressions", "/webhooks", "/webhooks/" + webhookId)) {
            browser.open(path);
            String text = browser.find(By.tagName("main")).getText();
            assertTrue(browser.all(By.cssSelector("main img, main script")).isEmpty(),
                    path + ": no element was injected");
            assertThrows(NoAlertPresentException.class, () -> browser.driver().switchTo().alert(), path);
            boolean shown = text.contains(IMG) || text.contains(SCRIPT) || inputsHold(IMG);
            assertTrue(shown, path + " shows the markup as text: " + text);
        }
    }

    private static boolean inputsHold(String value) {
        return browser.all(By.cssSelector("input, textarea")).stream()
                .anyMatch(e -> String.valueOf(e.getDomProperty("value")).contains(value));
    }

    @Test
    void anotherOrganizationsPagesAre404() {
        TestApp.Login stranger = server.user(server.tenant().orgId(), User.Role.ADMIN);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(stranger.email(), stranger.password());
        for (String path : List.of("/contacts/" + contact.id(), "/contacts/" + contact.id() + "/edit",
                "/workflows/" + workflow.id(), "/workflows/" + workflow.id() + "/edit", "/segments/" + segment.id(),
                "/enrollments/" + enrollment.id(), "/messages/" + messageId, "/messages/" + messageId + "/html",
                "/webhooks/" + webhookId)) {
            browser.open(path);
            assertEquals("404", browser.find(By.cssSelector("[data-testid=error-status]")).getText(), path);
        }
        browser.screenshot("not-found");
    }

    @Test
    void theEmailFrameKeepsItsSandboxPolicyWhileThePageAroundItCannotBeFramed() {
        TestApp.Login admin = server.user(orgId, User.Role.ADMIN);
        DashboardClient client = server.dashboard();
        assertEquals(303, client.signIn(admin.email(), admin.password()).status());
        Http.Response frame = client.get("/messages/" + messageId + "/html");
        assertEquals(200, frame.status());
        assertEquals(EmailFrames.CSP, frame.header("Content-Security-Policy"));
        assertEquals("SAMEORIGIN", frame.header("X-Frame-Options"));
        assertEquals("nosniff", frame.header("X-Content-Type-Options"));
        Http.Response page = client.get("/messages/" + messageId);
        assertEquals(SecurityHeaders.CSP, page.header("Content-Security-Policy"));
        assertEquals("DENY", page.header("X-Frame-Options"));
    }
}
