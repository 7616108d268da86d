package com.flownurture.engine;

import java.time.Duration;
import java.util.List;

import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
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

/** The engine end to end: real HTTP, a real SQLite file, a real SMTP server (GreenMail), a controllable clock. */
class EngineTest {

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    private Api api;

    @BeforeEach
    void newTenant() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        api = server.api(server.tenant());
    }

    private String contact(String email, String firstName) {
        return api.createContact(obj("email", email, "firstName", firstName)).getString("id");
    }

    /**
     * Waits until the engine has run a whole round that began after this call: two more completed rounds, since the
     * one in progress may have read the database before the test's change. Only then does "nothing happened" say
     * the engine decided not to act, rather than that it had not got round to it yet.
     */
    private static void awaitEngineRounds() {
        long seen = server.app().engine().ticks();
        Await.until(Duration.ofSeconds(5), "two engine rounds", () -> server.app().engine().ticks() >= seen + 2);
    }

    private void awaitStatus(String enrollmentId, String status) {
        Await.until(Duration.ofSeconds(5), "enrollment " + status,
                () -> api.enrollment(enrollmentId).getString("status").equals(status));
    }

    @Test
    void aThreeStepSequenceIsDeliveredInOrderWithRenderedContentAndHeaders() throws Exception {
        String tag = api.createTag("Welcomed");
        String c = contact("seq@example.com", "<b>Jo</b>");
        String w = api.createWorkflow(arr(
                obj("type", "SEND_EMAIL", "subject", "Hi {{firstName|there}}",
                        "body", "<p>Hello {{firstName}} from {{company|us}}</p>"),
                obj("type", "ADD_TAG", "tagId", tag),
                obj("type", "SEND_EMAIL", "subject", "Second for {{email}}", "body", "Plain {{lastName|friend}}")));
        long start = System.nanoTime();
        String e = api.enroll(c, w);
        Await.until(Duration.ofSeconds(5), "two emails", () -> smtp.mailTo("seq@example.com").size() == 2);
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        List<MimeMessage> mail = smtp.mailTo("seq@example.com");
        assertEquals("Hi <b>Jo</b>", mail.get(0).getSubject(), "subjects are plain text");
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) mail.get(0).getContent();
        assertTrue(mail.get(0).getContentType().startsWith("multipart/alternative"));
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(html.contains("Hello &lt;b&gt;Jo&lt;/b&gt; from us"), html);
        assertTrue(parts.getBodyPart(1).getContentType().startsWith("text/html"));
        assertEquals("Hello <b>Jo</b> from us", ((String) parts.getBodyPart(0).getContent()).strip());
        assertEquals("Second for seq@example.com", mail.get(1).getSubject());
        assertEquals("Plain friend", ((String) mail.get(1).getContent()).strip());

        String[] unsubscribe = mail.get(0).getHeader("List-Unsubscribe");
        assertTrue(unsubscribe[0].matches("<http://127\\.0\\.0\\.1:\\d+/u/[0-9a-f]{48}>"), unsubscribe[0]);
        assertEquals("List-Unsubscribe=One-Click", mail.get(0).getHeader("List-Unsubscribe-Post")[0]);
        // The server records a message as SENT once the SMTP server has taken it: a moment after GreenMail has it.
        Await.until(Duration.ofSeconds(5), "both messages recorded as sent", () -> api.messages(c).stream()
                .filter(m -> m.asJsonObject().getString("status").equals("SENT")).count() == 2);
        JsonArray messages = api.messages(c);
        assertEquals(2, messages.size());
        assertTrue(messages.stream().anyMatch(m -> {
            try {
                return m.asJsonObject().getString("messageId").equals(mail.get(0).getMessageID());
            } catch (Exception ex) {
                return false;
            }
        }), "the Message-ID is the one recorded");
        messages.forEach(m -> assertEquals("SENT", m.asJsonObject().getString("status")));

        awaitStatus(e, "COMPLETED");
        JsonObject done = api.enrollment(e);
        assertFalse(done.isNull("completedAt"));
        JsonArray history = done.getJsonArray("history");
        assertEquals(List.of("SEND_EMAIL", "ADD_TAG", "SEND_EMAIL"),
                history.stream().map(h -> h.asJsonObject().getString("type")).toList());
        assertEquals(List.of("QUEUED", "DONE", "QUEUED"),
                history.stream().map(h -> h.asJsonObject().getString("outcome")).toList());
        assertEquals(1, api.contact(c).getJsonArray("tags").size());
    }

    @Test
    void theFirstStepStartsWithinOneSecond() {
        String c = contact("fast@example.com", "F");
        String w = api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "Now", "body", "b")));
        long start = System.nanoTime();
        api.enroll(c, w);
        Await.until(Duration.ofSeconds(1), "the first email within a second",
                () -> !smtp.mailTo("fast@example.com").isEmpty());
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
    }

    @Test
    void delaysWaitOnTheClockNotOnThreads() {
        String c = contact("delay@example.com", "D");
        String w = api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "One", "body", "b"),
                obj("type", "DELAY", "delayAmount", 2, "delayUnit", "DAYS"),
                obj("type", "SEND_EMAIL", "subject", "Two", "body", "b")));
        String e = api.enroll(c, w);
        Await.until(Duration.ofSeconds(5), "the first email", () -> smtp.mailTo("delay@example.com").size() == 1);
        Await.until(Duration.ofSeconds(5), "the delay to start", () -> api.enrollment(e).getInt("currentStepOrder") == 2);
        awaitEngineRounds();
        assertEquals(2, api.enrollment(e).getInt("currentStepOrder"), "still waiting");
        assertEquals(1, api.messages(c).size(), "still waiting");
        server.clock().advance(Duration.ofDays(1));
        awaitEngineRounds();
        assertEquals(2, api.enrollment(e).getInt("currentStepOrder"), "one day is not two");
        assertEquals(1, api.messages(c).size(), "one day is not two");
        assertEquals(1, smtp.mailTo("delay@example.com").size(), "one day is not two");
        server.clock().advance(Duration.ofDays(1).plusMinutes(1));
        Await.until(Duration.ofSeconds(5), "the second email", () -> smtp.mailTo("delay@example.com").size() == 2);
        awaitStatus(e, "COMPLETED");
    }

    @Test
    void aPausedWorkflowWaitsAndResumesAndArchivingExits() {
        String c = contact("pause@example.com", "P");
        String w = api.createWorkflow(arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "HOURS"),
                obj("type", "SEND_EMAIL", "subject", "After the pause", "body", "b")));
        String e = api.enroll(c, w);
        Await.until(Duration.ofSeconds(5), "the delay", () -> api.enrollment(e).getInt("currentStepOrder") == 1);
        api.patch("/api/v1/workflows/" + w, obj("status", "PAUSED")).expect(200);
        server.clock().advance(Duration.ofHours(2));
        awaitEngineRounds();
        assertEquals(1, api.enrollment(e).getInt("currentStepOrder"), "paused: nothing runs");
        assertTrue(api.messages(c).isEmpty(), "paused: nothing runs");
        assertEquals("ACTIVE", api.enrollment(e).getString("status"), "paused: nothing is lost");
        api.patch("/api/v1/workflows/" + w, obj("status", "ACTIVE")).expect(200);
        Await.until(Duration.ofSeconds(5), "the email after resuming",
                () -> smtp.mailTo("pause@example.com").size() == 1);

        String c2 = contact("archive@example.com", "A");
        String w2 = api.createWorkflow(arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "HOURS"),
                obj("type", "SEND_EMAIL", "subject", "Never", "body", "b")));
        String e2 = api.enroll(c2, w2);
        api.patch("/api/v1/workflows/" + w2, obj("status", "ARCHIVED")).expect(200);
        server.clock().advance(Duration.ofHours(2));
        awaitEngineRounds();
        assertEquals("EXITED", api.enrollment(e2).getString("status"));
        assertTrue(api.messages(c2).isEmpty(), "archived: the email step never runs");
        assertTrue(smtp.mailTo("archive@example.com").isEmpty());
    }

    @Test
    void theUnsubscribeLinkWorksAndStopsFurtherEmails() throws Exception {
        String c = contact("unsub@example.com", "U");
        String w = api.createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "First", "body", "b"),
                obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"),
                obj("type", "SEND_EMAIL", "subject", "Second", "body", "b")));
        String e = api.enroll(c, w);
        Await.until(Duration.ofSeconds(5), "the first email", () -> smtp.mailTo("unsub@example.com").size() == 1);
        String link = smtp.mailTo("unsub@example.com").getFirst().getHeader("List-Unsubscribe")[0];
        String path = link.substring(link.indexOf("/u/"), link.length() - 1);
        Http.Response page = server.http().post(path, null, "List-Unsubscribe=One-Click");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("unsubscribed"));
        assertTrue(api.contact(c).getBoolean("unsubscribed"));
        assertEquals(404, server.http().get("/u/" + "0".repeat(48), null).status());

        server.clock().advance(Duration.ofDays(2));
        awaitStatus(e, "COMPLETED");
        JsonArray history = api.enrollment(e).getJsonArray("history");
        assertEquals("QUEUED", history.getJsonObject(2).getString("outcome"));
        Await.until(Duration.ofSeconds(5), "the second message suppressed", () -> api.get("/api/v1/messages?contactId="
                + c + "&status=SUPPRESSED").arr().size() == 1);
        assertEquals(1, smtp.mailTo("unsub@example.com").size());
    }

    @Test
    void conditionsExitOrSkipAndContactStepsApply() {
        String vip = api.createTag("VIP");
        String segment = api.post("/api/v1/segments", obj("name", "Leads", "groups", arr(obj("rules",
                arr(obj("field", "lifecycleStage", "operator", "at_least", "value", "LEAD")))))).obj().getString("id");
        String w = api.createWorkflow(arr(obj("type", "CONDITION", "segmentId", segment, "onFalse", "SKIP"),
                obj("type", "ADD_TAG", "tagId", vip),
                obj("type", "UPDATE_CONTACT", "fields", obj("lifecycleStage", "MQL", "leadScore", 77)),
                obj("type", "CONDITION", "segmentId", segment, "onFalse", "EXIT"),
                obj("type", "REMOVE_TAG", "tagId", vip)));
        String subscriber = contact("sub@example.com", "S");
        String e = api.enroll(subscriber, w);
        awaitStatus(e, "COMPLETED");
        JsonObject contact = api.contact(subscriber);
        assertEquals("MQL", contact.getString("lifecycleStage"));
        assertEquals(77, contact.getInt("leadScore"));
        assertEquals(0, contact.getJsonArray("tags").size(), "the first condition skipped ADD_TAG");
        assertEquals(List.of("NOT_MATCHED", "DONE", "MATCHED", "DONE"), api.enrollment(e).getJsonArray("history").stream()
                .map(h -> h.asJsonObject().getString("outcome")).toList());

        String w2 = api.createWorkflow(arr(obj("type", "CONDITION", "segmentId", segment, "onFalse", "EXIT"),
                obj("type", "SEND_EMAIL", "subject", "x", "body", "y")));
        String other = contact("exit@example.com", "E");
        String e2 = api.enroll(other, w2);
        awaitStatus(e2, "EXITED");
        assertTrue(api.messages(other).isEmpty(), "exited before the email step: nothing queued");
    }
}
