package com.flownurture.consent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double opt-in through the real server and a real SMTP server (GreenMail): the confirmation email, a GET of its link
 * that changes nothing, the POST that confirms and fires {@code CONSENT_CONFIRMED}, the consent log, and
 * unsubscribing as a withdrawal.
 */
class DoubleOptInTest {

    static final Pattern LINK = Pattern.compile("https?://[^\"\\s<>]+/c/([0-9a-f]{48})");

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    private Http http;
    private String key;

    @BeforeEach
    void newTenant() {
        http = server.http();
        key = server.tenant().key();
    }

    @Test
    void theEmailedLinkConfirmsOnlyOnPostRecordsWhoAndFiresTheTrigger() throws Exception {
        http.post("/api/v1/workflows", key, obj("name", "Welcome", "status", "ACTIVE",
                "trigger", obj("type", "CONSENT_CONFIRMED"),
                "steps",
                arr(obj("type", "SEND_EMAIL", "subject", "Welcome aboard", "body", "<p>Hi {{firstName}}</p>"))))
                .expect(201);
        JsonObject created = http.post("/api/v1/contacts", key,
                obj("email", "optin@example.com", "firstName", "Ann", "doubleOptIn", true)).expect(201).obj();
        String contact = created.getString("id");
        assertEquals("PENDING", created.getJsonObject("consent").getString("status"));
        assertEquals("api", created.getJsonObject("consent").getString("source"));

        Await.until(Duration.ofSeconds(5), "the confirmation email", () -> !smtp.mailTo("optin@example.com").isEmpty());
        MimeMessage confirmation = smtp.mailTo("optin@example.com").getFirst();
        assertEquals(ConsentRepository.DEFAULT_SUBJECT, confirmation.getSubject());
        Matcher link = LINK.matcher(content(confirmation));
        assertTrue(link.find(), content(confirmation));
        String path = "/c/" + link.group(1);

        for (int i = 0; i < 3; i++) {
            Http.Response page = http.get(path, null);
            assertEquals(200, page.status());
            assertTrue(page.body().contains("<form method=\"post\">") && page.body().contains(">Confirm<"));
        }
        assertEquals("PENDING", consent(contact).getString("status"), "a scanner's GET confirms nobody");
        assertTrue(mailWithSubject("Welcome aboard").isEmpty());

        Http.Response done = http.sendWithHeader(Method.POST, path, List.of(), "User-Agent", "TestBrowser/1.0", null);
        assertEquals(200, done.status());
        assertTrue(done.body().contains("confirmed"));
        JsonObject confirmed = consent(contact);
        assertEquals("CONFIRMED", confirmed.getString("status"));
        assertEquals("127.0.0.1", confirmed.getString("ip"));
        assertEquals("TestBrowser/1.0", confirmed.getString("userAgent"));
        assertFalse(confirmed.isNull("confirmedAt"));
        assertTrue(confirmed.getString("text").startsWith("Confirm that you want to receive email from"));
        Await.until(Duration.ofSeconds(5), "the CONSENT_CONFIRMED workflow's email",
                () -> !mailWithSubject("Welcome aboard").isEmpty());

        assertEquals(404, http.post(path, null).status(), "a link confirms once");
        assertEquals(404, http.get(path, null).status());
        assertEquals(404, http.get("/c/" + "0".repeat(48), null).status());
        assertEquals(404, http.get("/c/not-a-token", null).status());

        String unsubscribe = mailWithSubject("Welcome aboard").getFirst().getHeader("List-Unsubscribe")[0];
        http.send(Method.POST, unsubscribe.substring(unsubscribe.indexOf("/u/"), unsubscribe.length() - 1),
                List.of(), "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        assertEquals("WITHDRAWN", consent(contact).getString("status"));

        JsonArray log = http.get("/api/v1/contacts/" + contact + "/consent-log", key).expect(200).arr();
        assertEquals(List.of("PENDING", "CONFIRMED", "WITHDRAWN"),
                log.getValuesAs(JsonObject.class).stream().map(e -> e.getString("status")).toList());
        assertEquals("TestBrowser/1.0", log.getJsonObject(1).getString("userAgent"));
    }

    @Test
    void withoutDoubleOptInNothingIsSentAndBadValuesAreRefused() {
        JsonObject plain = http.post("/api/v1/contacts", key, obj("email", "plain@example.com")).expect(201).obj();
        assertEquals("NONE", plain.getJsonObject("consent").getString("status"));
        http.post("/api/v1/contacts", key, obj("email", "bad@example.com", "doubleOptIn", "yes"))
                .expectError(400);
        assertEquals(0, http.get("/api/v1/contacts?search=bad@example.com", key).expect(200).arr().size());
        assertEquals(0, http.get("/api/v1/contacts/" + plain.getString("id") + "/consent-log", key).expect(200)
                .arr().size());
        String other = server.tenant().key();
        http.get("/api/v1/contacts/" + plain.getString("id") + "/consent-log", other).expectError(404);
    }

    @Test
    void requireConsentSuppressesWorkflowEmailToAnyoneNotConfirmedButNotTheConfirmation() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        key = tenant.key();
        Path template = Files.writeString(server.dir().resolve("confirm.html"), "<p>Click {{confirmUrl}}</p>");
        assertEquals(2, cli("orgs", "settings", "--org", tenant.orgId(), "--confirm-template",
                Files.writeString(server.dir().resolve("bad.html"), "<p>no link</p>").toString(),
                "--db", server.dbArgument(), "--config", server.cliConfig()), "a template without {{confirmUrl}} is refused");
        assertEquals(0, cli("orgs", "settings", "--org", tenant.orgId(), "--require-consent", "true",
                "--confirm-subject", "Confirm, please", "--confirm-template", template.toString(),
                "--db", server.dbArgument(), "--config", server.cliConfig()));
        http.post("/api/v1/workflows", key, obj("name", "News", "status", "ACTIVE",
                "trigger", obj("type", "CONTACT_CREATED"),
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "News", "body", "<p>News</p>")))).expect(201);
        http.post("/api/v1/workflows", key, obj("name", "Hello", "status", "ACTIVE",
                "trigger", obj("type", "CONSENT_CONFIRMED"),
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "Hello confirmed", "body", "<p>Hi</p>"))))
                .expect(201);

        String plain = http.post("/api/v1/contacts", key, obj("email", "noconsent@example.com")).expect(201)
                .obj().getString("id");
        String asked = http.post("/api/v1/contacts", key,
                obj("email", "asked@example.com", "doubleOptIn", true)).expect(201).obj().getString("id");
        assertEquals("NO_CONSENT", awaitMessage(plain, "SUPPRESSED").getString("suppressionReason"));
        assertEquals("NO_CONSENT", awaitMessage(asked, "SUPPRESSED").getString("suppressionReason"),
                "PENDING is not CONFIRMED");
        Await.until(Duration.ofSeconds(5), "the enrollment moves on", () -> http.get("/api/v1/enrollments?contactId="
                + plain, key).expect(200).arr().getJsonObject(0).getString("status").equals("COMPLETED"));
        assertTrue(smtp.mailTo("noconsent@example.com").isEmpty());

        Await.until(Duration.ofSeconds(5), "the confirmation email", () -> !smtp.mailTo("asked@example.com").isEmpty());
        MimeMessage confirmation = smtp.mailTo("asked@example.com").getFirst();
        assertEquals("Confirm, please", confirmation.getSubject());
        Matcher link = LINK.matcher(content(confirmation));
        assertTrue(link.find(), content(confirmation));
        assertEquals(200, http.post("/c/" + link.group(1), null).status());
        Await.until(Duration.ofSeconds(5), "the welcome email", () -> !mailWithSubject("Hello confirmed").isEmpty());
        assertEquals(0, smtp.mailTo("asked@example.com").stream().filter(m -> subject(m).equals("News")).count(),
                "the News email stays suppressed, not sent late");
    }

    @Test
    void anEventThatCreatesItsContactCanAskForConsent() {
        http.post("/api/v1/events", key, obj("email", "event-optin@example.com", "name", "signup",
                "upsertContact", true, "doubleOptIn", true)).expect(202);
        Await.until(Duration.ofSeconds(5), "the confirmation email", () -> smtp.mailTo("event-optin@example.com")
                .stream()
                .anyMatch(m -> subject(m).equals(ConsentRepository.DEFAULT_SUBJECT)));
        JsonObject contact = http.get("/api/v1/contacts?search=event-optin@example.com", key).expect(200).arr()
                .getJsonObject(0);
        assertEquals("PENDING", contact.getJsonObject("consent").getString("status"));
        assertEquals("event", contact.getJsonObject("consent").getString("source"));
        http.post("/api/v1/events", key, obj("email", "x@example.com", "name", "signup", "doubleOptIn", true))
                .expectError(400);
    }

    private JsonObject awaitMessage(String contact, String status) {
        Await.until(Duration.ofSeconds(5), "a " + status + " message", () -> messages(contact).stream()
                .anyMatch(m -> m.getString("status").equals(status)));
        return messages(contact).stream().filter(m -> m.getString("status").equals(status)).findFirst()
                .orElseThrow();
    }

    private List<JsonObject> messages(String contact) {
        return http.get("/api/v1/messages?contactId=" + contact, key).expect(200).arr()
                .getValuesAs(JsonObject.class);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    static int cli(String... args) {
        return com.flownurture.cli.Cli.commandLine().execute(args);
    }

    private JsonObject consent(String contact) {
        return http.get("/api/v1/contacts/" + contact, key).expect(200).obj().getJsonObject("consent");
    }

    static String content(MimeMessage message) throws Exception {
        return Smtp.content(message);
    }

    private static List<MimeMessage> mailWithSubject(String subject) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().equals(subject);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }
}
