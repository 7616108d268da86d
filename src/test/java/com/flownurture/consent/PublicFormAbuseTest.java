package com.flownurture.consent;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.consent.DoubleOptInTest.LINK;
import static com.flownurture.consent.DoubleOptInTest.content;
import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public pages against abuse (issue #18 items 2 and 7): a flood of {@code +tag} and dotted variants of one
 * mailbox, the per-client and per-form limits, the same answer whatever an address's state, no workflow email to a
 * form's contact before it confirms, a malformed unsubscribe form, and the security headers of every public page.
 */
class PublicFormAbuseTest {

    private static final Smtp smtp = new Smtp();

    /** Limits each test below meets only where it is about them (every test posts from 127.0.0.1). */
    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp, Map.of("forms.per-client-per-minute", "1000",
            "forms.per-form-per-minute", "30"));

    /** A second server whose per-client limit is low. */
    @RegisterExtension
    static final TestApp strict = TestApp.perClass(Map.of("forms.per-client-per-minute", "5"));

    private final Http http = server.http();

    @Test
    void aFloodOfTaggedAndDottedVariantsOfOneMailboxGetsAtMostTheDailyCap() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String form = formPath(http, tenant.key());
        for (int i = 0; i < 12; i++) {
            assertEquals(200, post(http, form, "email=f.l.o.o.d.e.e%2B" + i + "%40gmail.com").status());
            assertEquals(200, post(http, form, "email=FloodEE%2B" + i + "%40googlemail.com").status());
        }
        Await.until(Duration.ofSeconds(5), "the capped confirmation emails", () -> floodEmails() >= 3);
        awaitEngineRounds(server);
        assertEquals(3, http.get("/api/v1/messages", tenant.key()).expect(200).arr().size(),
                "three confirmation emails to the one gmail mailbox, however its address is written");
        assertEquals(3, floodEmails());
        assertTrue(http.get("/api/v1/contacts", tenant.key()).expect(200).arr().size() <= 3,
                "a dropped post adds no contact either");
    }

    @Test
    void theFormAnswersTheSameForConfirmedPendingAndUnknownAddresses() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String form = formPath(http, tenant.key());
        assertEquals(200, post(http, form, "email=known%40example.com").status());
        Await.until(Duration.ofSeconds(5), "the confirmation", () -> smtp.mailTo("known@example.com").size() == 1);
        Matcher link = LINK.matcher(content(smtp.mailTo("known@example.com").getFirst()));
        assertTrue(link.find());
        assertEquals(200, http.post("/c/" + link.group(1), null).status());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(http, form, "email=pending%40example.com").status());
        }

        Http.Response confirmed = post(http, form, "email=known%40example.com");
        Http.Response overTheCap = post(http, form, "email=pending%40example.com");
        Http.Response unknown = post(http, form, "email=stranger%40example.com");
        assertEquals(200, confirmed.status());
        assertEquals(200, overTheCap.status(), "a 429 here would tell that the address has not confirmed");
        assertEquals(200, unknown.status());
        assertEquals(confirmed.body(), overTheCap.body());
        assertEquals(confirmed.body(), unknown.body());
    }

    @Test
    void eachFormTakesAtMostItsLimitPerMinuteWhateverTheAddress() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String form = formPath(http, tenant.key());
        for (int i = 0; i < 30; i++) {
            assertEquals(200, post(http, form, "email=busy" + i + "%40example.com").status());
        }
        Http.Response refused = post(http, form, "email=another%40example.com");
        assertEquals(429, refused.status());
        assertTrue(refused.headers().contains(io.helidon.http.HeaderNames.RETRY_AFTER));
        assertEquals(429, post(http, form, "email=busy0%40example.com").status(), "a known address too");
        assertEquals(429, post(http, form, "email=x%40example.com&website=spam").status(), "and the honeypot");
        assertEquals(200, post(http, formPath(http, server.tenant().key()), "email=another%40example.com").status(),
                "another organization's form has its own budget");
    }

    @Test
    void oneClientAddressPostsAtMostItsLimitPerMinuteToAnyForm() throws Exception {
        Http h = strict.http();
        String form = formPath(h, strict.tenant().key());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post(h, form, "email=client" + i + "%40example.com").status());
        }
        assertEquals(429, post(h, form, "email=client9%40example.com").status());
        assertEquals(429, post(h, formPath(h, strict.tenant().key()), "email=client9%40example.com").status(),
                "the limit is the client's, across forms");
        assertEquals(429, post(h, "/f/" + "0".repeat(32), "email=client9%40example.com").status(),
                "and across guessed tokens");
    }

    @Test
    void aFormContactGetsNoWorkflowEmailBeforeItConfirmsAndTheWelcomeAfter() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        http.post("/api/v1/workflows", tenant.key(), obj("name", "Welcome", "status", "ACTIVE",
                "trigger", obj("type", "CONTACT_CREATED"),
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "Welcome aboard", "body", "<p>Hi</p>")))).expect(201);
        String form = formPath(http, tenant.key());
        assertEquals(200, post(http, form, "email=newbie%40example.com").status());
        Await.until(Duration.ofSeconds(5), "the confirmation", () -> smtp.mailTo("newbie@example.com").size() == 1);
        awaitEngineRounds(server);
        assertEquals(1, http.get("/api/v1/messages", tenant.key()).expect(200).arr().size(),
                "the confirmation email only: no welcome to an address nobody confirmed");
        assertEquals(1, smtp.mailTo("newbie@example.com").size());

        Matcher link = LINK.matcher(content(smtp.mailTo("newbie@example.com").getFirst()));
        assertTrue(link.find());
        assertEquals(200, http.post("/c/" + link.group(1), null).status());
        Await.until(Duration.ofSeconds(5), "the welcome after the confirmation",
                () -> smtp.mailTo("newbie@example.com").size() == 2);
        assertEquals("Welcome aboard", subject(smtp.mailTo("newbie@example.com").getLast()));
        awaitEngineRounds(server);
        assertEquals(2, smtp.mailTo("newbie@example.com").size(), "one welcome");
    }

    @Test
    void aBadEscapeInTheUnsubscribeFormStillUnsubscribesAndTheFormAnswers400() {
        TestApp.Tenant tenant = server.tenant();
        String contact = http.post("/api/v1/contacts", tenant.key(), obj("email", "leaving@example.com"))
                .expect(201).obj().getString("id");
        String workflow = http.post("/api/v1/workflows", tenant.key(), obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "S", "body", "<p>b</p>")))).expect(201).obj()
                .getString("id");
        http.post("/api/v1/enrollments", tenant.key(), obj("contactId", contact, "workflowId", workflow)).expect(201);
        Await.until(Duration.ofSeconds(5), "the email", () -> smtp.mailTo("leaving@example.com").size() == 1);
        String header = header(smtp.mailTo("leaving@example.com").getFirst(), "List-Unsubscribe");
        String path = header.substring(header.indexOf("/u/"), header.indexOf('>', header.indexOf("/u/")));

        Http.Response done = post(http, path, "action=%zz");
        assertTrue(done.status() == 200 || done.status() == 400, "no 500: " + done.status());
        assertTrue(done.body().contains("You are unsubscribed"), done.body());
        assertTrue(http.get("/api/v1/contacts/" + contact, tenant.key()).expect(200).obj()
                .getBoolean("unsubscribed"), "the button's intent is clear whatever its body");

        String form = formPath(http, tenant.key());
        assertEquals(400, post(http, form, "email=bad%zz%40example.com").status());
        assertEquals(400, post(http, form, "email=ok%40example.com&first%ZZName=x").status());
        assertEquals(413, post(http, form, "email=ok%40example.com&lastName=" + "x".repeat(5000)).status());
        assertFalse(http.get("/api/v1/contacts", tenant.key()).expect(200).arr().stream()
                .anyMatch(c -> c.asJsonObject().getString("email").startsWith("ok")), "a malformed form adds no one");
    }

    @Test
    void everyPublicPageSendsTheDashboardsSecurityHeaders() throws Exception {
        Http.Response dashboard = http.get("/login", null);
        String csp = dashboard.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("default-src"), "the dashboard's policy: " + csp);
        String form = formPath(http, server.tenant().key());
        List<Http.Response> pages = List.of(http.get("/u/" + "0".repeat(48), null),
                post(http, "/u/" + "0".repeat(48), "action=unsubscribe"), http.get("/c/" + "0".repeat(48), null),
                http.post("/c/" + "0".repeat(48), null), post(http, form, "email=headers%40example.com"),
                post(http, form, "email=nope"), post(http, "/f/" + "0".repeat(32), "email=a%40example.com"));
        for (Http.Response page : pages) {
            assertEquals(csp, page.header("Content-Security-Policy"), page.body());
            assertEquals("nosniff", page.header("X-Content-Type-Options"));
            assertEquals("DENY", page.header("X-Frame-Options"));
            assertEquals(dashboard.header("Referrer-Policy"), page.header("Referrer-Policy"));
            assertEquals("no-store", page.header("Cache-Control"));
            assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
            assertFalse(page.body().contains("style=\""), "the policy forbids inline styles");
        }
    }

    @Test
    void quotingTheLocalPartDoesNotMakeANewMailbox() {
        // Found in review: each placement of a backslash in a quoted local part was a cap of its own.
        TestApp.Tenant tenant = server.tenant();
        String form = formPath(http, tenant.key());
        for (String email : List.of("ann@example.org", "ann@example.org", "ann@example.org", "\"ann\"@example.org",
                "\"\\ann\"@example.org", "\"a\\nn\"@example.org", "\"an\\n\"@example.org", "\"\\a\\nn\"@example.org",
                "\"ann+1\"@example.org", "ann@example.org.")) {
            assertEquals(200, post(http, form, "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)).status(),
                    email);
        }
        awaitEngineRounds(server);
        assertEquals(3, http.get("/api/v1/messages", tenant.key()).expect(200).arr().size(),
                "three confirmation emails to the one mailbox, however its local part is quoted");
    }

    @Test
    void aMailboxIsTheAddressLowerCasedWithoutItsTagAndForGmailWithoutDots() {
        assertEquals("floodee@gmail.com", FormSignups.mailbox("F.l.o.o.d.e.e+7@GoogleMail.com"));
        assertEquals("floodee@gmail.com", FormSignups.mailbox("floodee@gmail.com"));
        assertEquals("jane.doe@example.com", FormSignups.mailbox("Jane.Doe+news@Example.com"),
                "dots are kept where the provider is not known to ignore them");
        assertEquals("jane-doe@example.com", FormSignups.mailbox("jane-doe@example.com"));
        assertEquals("+x@example.com", FormSignups.mailbox("+x@example.com"), "a local part that is all tag stays");
        assertEquals("ann@example.org", FormSignups.mailbox("\"a\\nn\"@Example.org."), "quotes, escapes, the root's dot");
        assertEquals("ann@example.org", FormSignups.mailbox("\"ann+x\"@example.org"));
    }

    private static String formPath(Http h, String key) {
        JsonObject settings = h.post("/api/v1/settings/rotate-form-token", key).expect(200).obj();
        return "/f/" + settings.getJsonObject("form").getString("token");
    }

    private static Http.Response post(Http h, String path, String body) {
        return h.send(Method.POST, path, List.of(), "application/x-www-form-urlencoded", body);
    }

    /** Emails received by the gmail mailbox floodee, its dots, tags, case and googlemail alias aside. */
    private static long floodEmails() {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            String to = header(m, "To").toLowerCase(Locale.ROOT).replace(".", "");
            return to.startsWith("floodee+") || to.startsWith("floodee@");
        }).count();
    }

    /** Waits for two completed engine rounds: whatever a change queued has been handled by then. */
    private static void awaitEngineRounds(TestApp app) {
        long seen = app.app().engine().ticks();
        Await.until(Duration.ofSeconds(5), "two engine rounds", () -> app.app().engine().ticks() >= seen + 2);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name)[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
