package com.flownurture.tracking;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open and click tracking end to end: the email GreenMail receives, its signed pixel and links followed over HTTP,
 * and what the message then shows. The clock is moved past the quiet window where a person's request is meant.
 */
class TrackingTest {

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    private final TrackedMail mail = new TrackedMail(server, smtp);

    @Test
    void aTrackedEmailHasThePixelSignedLinksAndAHiddenHoneypotAndItsTextKeepsTheOriginalLinks() throws Exception {
        String key = server.tenant().key();
        String workflow = mail.workflow(key, "Tracked", obj("opens", true, "clicks", true));
        TrackedMail.Sent sent = mail.send(key, workflow, "Tracked", "tracked@example.com");

        List<String> hrefs = sent.hrefs();
        assertEquals(4, hrefs.size(), "honeypot, A, mailto, B: " + hrefs);
        assertTrue(sent.html().selectFirst("a").attr("style").contains("display:none"), "the honeypot is hidden");
        assertTrue(hrefs.get(0).contains("/t/c/") && hrefs.get(1).contains("/t/c/")
                && hrefs.get(3).contains("/t/c/"), hrefs.toString());
        assertEquals("mailto:help@example.com", hrefs.get(2));
        String pixel = sent.html().selectFirst("img").attr("src");
        assertTrue(pixel.startsWith(server.baseUrl() + "/t/o/" + sent.messageId() + "."), pixel);
        assertTrue(sent.text().contains("<https://example.com/a?x=1&y=2>") && !sent.text().contains("/t/"),
                sent.text());
    }

    @Test
    void anUntrackedEmailHasNoPixelAndItsOwnLinks() throws Exception {
        String key = server.tenant().key();
        String workflow = mail.workflow(key, "Untracked", null);
        assertEquals("{\"opens\":false,\"clicks\":false}", server.http().get("/api/v1/workflows/" + workflow, key)
                .obj().getJsonObject("tracking").toString());
        TrackedMail.Sent sent = mail.send(key, workflow, "Untracked", "untracked@example.com");
        assertEquals(List.of("https://example.com/a?x=1&y=2", "mailto:help@example.com", "http://example.com/b"),
                sent.hrefs());
        assertTrue(sent.html().select("img").isEmpty());
    }

    @Test
    void followingALinkRedirectsToItsTargetAndSetsClickedAtAndOpenedAt() throws Exception {
        String key = server.tenant().key();
        TrackedMail.Sent sent = mail.send(key, mail.workflow(key, "Click", obj("clicks", true)), "Click",
                "click@example.com");
        assertTrue(sent.html().select("img").isEmpty(), "opens are not tracked");
        server.clock().advance(Duration.ofMinutes(1));
        Http.Response redirect = mail.follow(sent.link(1), TrackedMail.BROWSER)
                .expect(302);
        assertEquals("https://example.com/a?x=1&y=2", redirect.header("Location"));
        mail.follow(sent.link(3), TrackedMail.BROWSER).expect(302);
        assertEquals("http://example.com/b", mail.follow(sent.link(3), TrackedMail.BROWSER)
                .header("Location"));

        JsonObject message = mail.message(key, sent.messageId());
        assertFalse(message.isNull("clickedAt"));
        assertEquals(message.getString("clickedAt"), message.getString("openedAt"), "a click is an open");
        JsonObject listed = server.http().get("/api/v1/messages?status=SENT", key).expect(200).arr()
                .getJsonObject(0);
        assertEquals(message.getString("clickedAt"), listed.getString("clickedAt"), "lists show it too");
        List<JsonObject> events = message.getJsonArray("trackingEvents").getValuesAs(JsonObject.class);
        assertEquals(List.of("http://example.com/b", "http://example.com/b", "https://example.com/a?x=1&y=2"),
                events.stream().map(e -> e.getString("url")).sorted().toList());
        assertTrue(events.stream().allMatch(e -> e.getString("type").equals("CLICKED") && e.isNull("machine")
                && e.getString("userAgent").equals(TrackedMail.BROWSER)));
    }

    @Test
    void aTamperedOrUnsignedUrlIs404AndRecordsNothing() throws Exception {
        String key = server.tenant().key();
        String workflow = mail.workflow(key, "Tamper", obj("opens", true, "clicks", true));
        TrackedMail.Sent sent = mail.send(key, workflow, "Tamper", "tamper@example.com");
        TrackedMail.Sent other = mail.send(key, workflow, "Tamper", "tamper2@example.com");
        server.clock().advance(Duration.ofMinutes(1));
        String link = sent.link(1);
        String pixel = sent.pixel();
        String[] parts = link.substring("/t/c/".length()).split("\\.");
        String evil = Base64.getUrlEncoder().withoutPadding().encodeToString("https://evil.example/".getBytes());
        long before = DbSnapshot.count(server, "tracking_events");
        for (String path : List.of(
                "/t/c/" + parts[0] + "." + evil + "." + parts[2],
                "/t/c/" + other.messageId() + "." + parts[1] + "." + parts[2],
                "/t/c/" + parts[0] + "." + parts[1] + "." + flip(parts[2]),
                "/t/c/" + parts[0] + "." + parts[1],
                "/t/c/" + parts[0] + "." + parts[1] + ".",
                "/t/o/" + sent.messageId(),
                "/t/o/" + other.messageId() + pixel.substring(pixel.lastIndexOf('.')),
                pixel.substring(0, pixel.length() - 1) + (pixel.endsWith("A") ? "B" : "A"),
                "/t/o/nope.AAAAAAAAAAAAAAAAAAAAAA")) {
            Http.Response response = mail.follow(path, TrackedMail.BROWSER);
            response.expectError(404);
            assertEquals(null, response.header("Location"), path);
        }
        assertEquals(before, DbSnapshot.count(server, "tracking_events"));
        assertTrue(mail.message(key, sent.messageId()).isNull("openedAt"));
    }

    @Test
    void opensInTheQuietWindowAndFromMailProxiesAreAMachinesAndLeftOut() throws Exception {
        String key = server.tenant().key();
        TrackedMail.Sent sent = mail.send(key, mail.workflow(key, "Opens", obj("opens", true)), "Opens",
                "opens@example.com");
        assertEquals(List.of("https://example.com/a?x=1&y=2", "mailto:help@example.com", "http://example.com/b"),
                sent.hrefs(), "clicks are not tracked");
        String pixel = sent.pixel();
        Http.Response gif = mail.follow(pixel, TrackedMail.BROWSER).expect(200);
        assertEquals("image/gif", gif.header("Content-Type"));
        server.clock().advance(Duration.ofSeconds(6));
        mail.follow(pixel, "Mozilla/5.0").expect(200);
        mail.follow(pixel, "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)")
                .expect(200);
        JsonObject machineOnly = mail.message(key, sent.messageId());
        assertTrue(machineOnly.isNull("openedAt"), machineOnly.toString());
        assertEquals(List.of("QUIET_WINDOW", "PROXY", "PROXY"), machineOnly.getJsonArray("trackingEvents")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getString("machine")).toList());

        server.clock().advance(Duration.ofSeconds(30));
        mail.follow(pixel, TrackedMail.BROWSER).expect(200);
        JsonObject opened = mail.message(key, sent.messageId());
        assertFalse(opened.isNull("openedAt"));
        assertTrue(opened.isNull("clickedAt"));
    }

    @Test
    void aClickOnTheHoneypotFlagsTheMessagesClicksAsAScanners() throws Exception {
        String key = server.tenant().key();
        TrackedMail.Sent sent = mail.send(key, mail.workflow(key, "Honeypot", obj("clicks", true)), "Honeypot",
                "honeypot@example.com");
        String link = sent.link(1);
        mail.follow(link, TrackedMail.BROWSER).expect(302);
        assertTrue(mail.message(key, sent.messageId()).isNull("clickedAt"), "in the quiet window");
        server.clock().advance(Duration.ofSeconds(10));
        mail.follow(link, TrackedMail.BROWSER).expect(302);
        assertFalse(mail.message(key, sent.messageId()).isNull("clickedAt"), "looks like a person, until...");
        Http.Response trap = mail.follow(sent.link(0), TrackedMail.BROWSER).expect(200);
        assertEquals(null, trap.header("Location"));
        mail.follow(link, TrackedMail.BROWSER).expect(302);
        JsonObject scanned = mail.message(key, sent.messageId());
        assertTrue(scanned.isNull("clickedAt") && scanned.isNull("openedAt"), scanned.toString());
        assertEquals(List.of("QUIET_WINDOW", "HONEYPOT", "HONEYPOT", "HONEYPOT"), scanned
                .getJsonArray("trackingEvents").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("machine")).toList());

        server.clock().advance(Duration.ofMinutes(3));
        mail.follow(link, TrackedMail.BROWSER).expect(302);
        assertFalse(mail.message(key, sent.messageId()).isNull("clickedAt"), "a person, long after the scan");
    }

    private static String flip(String signature) {
        char c = signature.charAt(0);
        return (c == 'A' ? 'B' : 'A') + signature.substring(1);
    }

    @Test
    void theTrackingKeyIsSealedAtRestAndTheSignedLinksStillResolve() throws Exception {
        String key = server.tenant().key();
        TrackedMail.Sent sent = mail.send(key, mail.workflow(key, "Sealed", obj("opens", true, "clicks", true)),
                "Sealed", "sealed@example.com");
        String stored;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl());
             java.sql.PreparedStatement s = c.prepareStatement("SELECT tracking_key FROM messages WHERE id = ?")) {
            s.setString(1, sent.messageId());
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                stored = rs.getString(1);
            }
        }
        String plaintext = server.app().components().messages().find(sent.messageId()).orElseThrow().tracking().key();
        assertFalse(stored.contains(plaintext), "the raw column holds no plaintext key");
        assertTrue(stored.startsWith("v1:"), "an envelope");
        server.clock().advance(Duration.ofMinutes(1));
        assertEquals("http://example.com/b", mail.follow(sent.link(3), TrackedMail.BROWSER).expect(302)
                .header("Location"));
        mail.follow(sent.pixel(), TrackedMail.BROWSER).expect(200);
        assertFalse(mail.message(key, sent.messageId()).isNull("openedAt"));
    }
}
