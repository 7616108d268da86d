package com.flownurture.tracking;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.Await;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18 item 1: a contact's field values never become markup or tracked links in an email. Whether a body is
 * HTML is decided by the saved template, the HTML is sanitized again at send time, only the template's own links are
 * tracked, and the redirect answers only for the message's own links. Through the public form, the engine, GreenMail
 * and the tracking routes.
 */
class EmailInjectionTest {

    private static final String ATTACK = "<a href=\"https://evil.example/reset\">Your account is locked</a>";

    private static final Pattern CONFIRM_LINK = Pattern.compile("/c/([0-9a-f]{48})");
    private static final String CONFIRMATION = "Please confirm your subscription";

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    private final Http http = server.http();
    private final TrackedMail tracked = new TrackedMail(server, smtp);

    @Test
    void aFormPostCannotTurnAPlainTextWelcomeIntoHtmlWithATrackedLink() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String key = tenant.key();
        workflow(key, "Welcome", "Hi {{firstName}}, thanks for joining.", true);
        String token = http.post("/api/v1/settings/rotate-form-token", key).expect(200).obj()
                .getJsonObject("form").getString("token");

        assertEquals(200, http.send(Method.POST, "/f/" + token, List.of(), "application/x-www-form-urlencoded",
                "email=victim%40example.com&firstName=" + URLEncoder.encode(ATTACK, StandardCharsets.UTF_8)).status());
        // The welcome waits for the confirmation (a form's contact gets no workflow email before it confirms).
        Matcher confirm = CONFIRM_LINK.matcher(Smtp.content(received(CONFIRMATION, "victim@example.com")));
        assertTrue(confirm.find(), "the confirmation link");
        assertEquals(200, http.post("/c/" + confirm.group(1), null).status());

        MimeMessage mail = received("Welcome", "victim@example.com");
        assertTrue(mail.isMimeType("text/plain"), "a plain-text template goes out as text: " + mail.getContentType());
        assertEquals("Hi " + ATTACK + ", thanks for joining.", mail.getContent().toString().strip(),
                "the value is shown as typed, never as markup");

        String contact = http.get("/api/v1/contacts", key).expect(200).arr()
                .getJsonObject(0).getString("id");
        String message = sentMessage(key, contact);
        refused(message, "https://evil.example/reset");
    }

    @Test
    void anHtmlTemplateEscapesAFieldValueAndTracksOnlyItsOwnLinks() throws Exception {
        String key = server.tenant().key();
        workflow(key, "Html", "<p>Hi {{firstName}}</p><p><a href=\"https://shop.example/start\">Start</a></p>", true);
        Document html = html(send(key, "html@example.com", ATTACK + "<script>steal()</script>", obj()).mail());

        List<String> hrefs = html.select("a").eachAttr("href");
        assertEquals(2, hrefs.size(), "the honeypot and Start, nothing of the value: " + html.body().html());
        assertTrue(hrefs.stream().allMatch(h -> h.startsWith(server.baseUrl() + "/t/c/")), hrefs.toString());
        assertTrue(html.select("script").isEmpty(), html.body().html());
        assertEquals("Hi " + ATTACK + "<script>steal()</script>", html.selectFirst("p").text(), "escaped text");
    }

    @Test
    void theHtmlIsSanitizedAtSendTimeSoAValueCannotSmuggleAJavascriptLink() throws Exception {
        String key = server.tenant().key();
        workflow(key, "Smuggle", "<p><a href=\"{{customFields.link}}\">Your offer</a></p>", false);
        Document html = html(send(key, "smuggle@example.com", "Ann",
                obj("link", "javascript:alert(document.cookie)")).mail());

        assertFalse(html.body().html().toLowerCase(Locale.ROOT).contains("javascript"),
                html.body().html());
        assertEquals("Your offer", html.selectFirst("a").text());
    }

    @Test
    void aLinkWhoseSiteComesFromAValueIsNotTrackedAndTheRedirectAnswersOnlyTheMessagesOwnLinks() throws Exception {
        String key = server.tenant().key();
        workflow(key, "Links", "<p><a href=\"https://shop.example/cart/{{customFields.cart}}\">Cart</a> "
                + "<a href=\"{{customFields.link}}\">Yours</a></p>", true);
        Received sent = send(key, "links@example.com", "Ann",
                obj("cart", "42", "link", "https://evil.example/reset"));
        Document html = html(sent.mail());

        List<String> hrefs = html.select("a").eachAttr("href");
        assertEquals(3, hrefs.size(), hrefs.toString());
        assertTrue(hrefs.get(1).startsWith(server.baseUrl() + "/t/c/"), "the template's own link: " + hrefs);
        assertEquals("https://evil.example/reset", hrefs.get(2), "a site a value chose is not tracked");

        String message = sentMessage(key, sent.contactId());
        server.clock().advance(Duration.ofMinutes(1));
        String genuine = hrefs.get(1).substring(server.baseUrl().length());
        assertEquals("https://shop.example/cart/42", tracked.follow(genuine, TrackedMail.BROWSER).expect(302)
                .header("Location"), "a genuine tracked link still redirects");
        refused(message, "https://evil.example/reset");
        refused(message, "https://shop.example/cart/43");
    }

    @Test
    void aMessageQueuedBeforeItsOwnLinksWereRecordedKeepsItsTrackedLinksWorking() throws Exception {
        String key = server.tenant().key();
        workflow(key, "Before", "<p><a href=\"https://shop.example/old\">Old</a></p>", true);
        Received sent = send(key, "before@example.com", "Ann", obj());
        String message = sentMessage(key, sent.contactId());
        update("UPDATE messages SET html = NULL, links = NULL WHERE id = ?", message);

        server.clock().advance(Duration.ofMinutes(1));
        String link = html(sent.mail()).select("a").get(1).attr("href").substring(server.baseUrl().length());
        assertEquals("https://shop.example/old", tracked.follow(link, TrackedMail.BROWSER).expect(302)
                .header("Location"), "judged by its body, as when it was sent");
        refused(message, "https://evil.example/reset");
    }

    /** A signed {@code /t/c/} URL of the message to a target that is not one of its links: 404, nothing recorded. */
    private void refused(String message, String target) {
        String path = TrackingLink.clickPath(message, trackingKey(message), target);
        long before = DbSnapshot.count(server, "tracking_events");
        Http.Response response = tracked.follow(path, TrackedMail.BROWSER);
        response.expectError(404);
        assertEquals(null, response.header("Location"), target);
        assertEquals(before, DbSnapshot.count(server, "tracking_events"), "nothing recorded for " + target);
    }

    /** An ACTIVE workflow started by CONTACT_CREATED whose one SEND_EMAIL step has this subject and body. */
    private void workflow(String key, String subject, String body, boolean clicks) {
        server.api(key).createWorkflow(obj("name", subject, "status", "ACTIVE",
                "trigger", obj("type", "CONTACT_CREATED"), "tracking", obj("opens", clicks, "clicks", clicks),
                "steps", arr(obj("type", "SEND_EMAIL", "subject", subject, "body", body))));
    }

    /** A contact created through the API (its workflow starts), and the email it then received. */
    private record Received(String contactId, MimeMessage mail) {
    }

    private Received send(String key, String email, String firstName, JsonObject customFields) {
        String id = server.api(key).createContact(obj("email", email, "firstName", firstName,
                "customFields", customFields)).getString("id");
        return new Received(id, received(null, email));
    }

    /** The HTML part of a multipart/alternative email. */
    private static Document html(MimeMessage mail) throws Exception {
        assertTrue(mail.isMimeType("multipart/alternative"), mail.getContentType());
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        return Jsoup.parseBodyFragment((String) parts.getBodyPart(1).getContent());
    }

    private static MimeMessage received(String subject, String to) {
        return Await.value(Duration.ofSeconds(10), "the email to " + to, () -> smtp.mailTo(to).stream().filter(m -> {
            try {
                return subject == null || m.getSubject().equals(subject);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElse(null));
    }

    /** The id of the contact's SENT message (not the double opt-in confirmation). */
    private String sentMessage(String key, String contact) {
        return Await.value(Duration.ofSeconds(10), "the message SENT", () -> server.api(key).messages(contact, "SENT")
                .getValuesAs(JsonObject.class).stream().filter(m -> !m.getString("subject").equals(CONFIRMATION))
                .map(m -> m.getString("id")).findFirst().orElse(null));
    }

    /** Changes a row the way an older version left it. */
    private static void update(String sql, String message) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, message);
            assertEquals(1, s.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String trackingKey(String message) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl());
             PreparedStatement s = c.prepareStatement("SELECT tracking_key FROM messages WHERE id = ?")) {
            s.setString(1, message);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), message);
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
