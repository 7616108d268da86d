package com.flownurture.bounces;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import com.flownurture.app.Components;
import com.flownurture.config.AppConfig;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.JsonObject;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bounce mailbox of a plain SMTP relay: GreenMail takes the emails (SMTP) and holds the reports that come back,
 * read over IMAP by the running server's poller and over POP3 by a poll driven here. A report is deleted once it is
 * recorded; mail that is not a report stays.
 */
class BounceMailboxTest {

    private static GreenMail mail;
    private static GreenMailUser imapUser;
    private static GreenMailUser popUser;
    private static TestApp server;

    @BeforeAll
    static void start() {
        mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort()});
        mail.start();
        imapUser = mail.setUser("bounces@relay.test", "bounces", "imap-password");
        popUser = mail.setUser("arf@relay.test", "arf", "pop-password");
        server = TestApp.start(Map.ofEntries(
                Map.entry("mail.host", "127.0.0.1"), Map.entry("mail.port", Integer.toString(mail.getSmtp().getPort())),
                Map.entry("mail.security", "NONE"), Map.entry("mail.rate-per-second", "1000"),
                Map.entry("engine.enabled", "true"), Map.entry("engine.tick-ms", "20"),
                Map.entry("bounces.mailbox.protocol", "IMAP"), Map.entry("bounces.mailbox.host", "127.0.0.1"),
                Map.entry("bounces.mailbox.port", Integer.toString(mail.getImap().getPort())),
                Map.entry("bounces.mailbox.username", "bounces"), Map.entry("bounces.mailbox.password", "imap-password"),
                Map.entry("bounces.mailbox.security", "NONE"), Map.entry("bounces.mailbox.poll-seconds", "1")));
    }

    @AfterAll
    static void stop() {
        server.close();
        mail.stop();
    }

    @Test
    void aDsnInTheImapMailboxBouncesTheMessageAndIsDeletedAndOtherMailStays() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        JsonObject message = server.api(tenant).sendEmail("dsn@example.com");
        imapUser.deliver(raw("""
                From: MAILER-DAEMON@relay.test
                To: bounces@relay.test
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                The mail system could not deliver your message.
                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; relay.test

                Final-Recipient: rfc822; dsn@example.com
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <dsn@example.com>: Recipient address
                  rejected: User unknown
                --b1
                Content-Type: text/rfc822-headers

                Message-ID: %s
                To: dsn@example.com
                Subject: S
                --b1--
                """.formatted(message.getString("messageId"))));
        imapUser.deliver(raw("""
                From: person@example.com
                To: bounces@relay.test
                Subject: Out of office

                I am away until Monday.
                """));
        Http http = server.http();
        Await.until(Duration.ofSeconds(10), "the message bounced", () -> http.get("/api/v1/messages/"
                + message.getString("id"), tenant.key()).obj().getString("status").equals("BOUNCED"));
        JsonObject entry = http.get("/api/v1/suppressions", tenant.key()).expect(200).arr().getJsonObject(0);
        assertEquals("HARD_BOUNCE", entry.getString("reason"));
        assertEquals("mailbox", entry.getString("source"));
        assertEquals("5.1.1 smtp; 550 5.1.1 <dsn@example.com>: Recipient address rejected: User unknown",
                entry.getString("detail"));
        Await.until(Duration.ofSeconds(10), "the report deleted, the auto-reply kept",
                () -> count("imap", mail.getImap().getPort(), "bounces", "imap-password") == 1);
    }

    @Test
    void anArfComplaintInThePop3MailboxSuppressesTheAddress() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        JsonObject message = server.api(tenant).sendEmail("arf@example.com");
        popUser.deliver(raw("""
                From: fbl@isp.test
                To: arf@relay.test
                Subject: Abuse report
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

                --b2
                Content-Type: text/plain

                This is an email abuse report.
                --b2
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: FBL/1.0
                Version: 1

                --b2
                Content-Type: message/rfc822

                Message-ID: %s
                To: arf@example.com
                Subject: S

                b
                --b2--
                """.formatted(message.getString("messageId"))));
        Components c = server.app().components();
        AppConfig.Mailbox pop = new AppConfig.Mailbox(AppConfig.Mailbox.Protocol.POP3, "127.0.0.1",
                mail.getPop3().getPort(), "arf", "pop-password", "INBOX", AppConfig.Mailbox.Security.NONE,
                Duration.ofMinutes(1));
        try (BounceMailbox mailbox = new BounceMailbox(pop, c.messages(),
                new BounceRecorder(c.db(), c.messages(), c.suppressions()))) {
            assertEquals(1, mailbox.poll());
            assertEquals(0, mailbox.poll(), "the report was deleted");
        }
        Http http = server.http();
        assertEquals("COMPLAINED", http.get("/api/v1/messages/" + message.getString("id"), tenant.key()).obj()
                .getString("status"));
        JsonObject entry = http.get("/api/v1/suppressions", tenant.key()).arr().getJsonObject(0);
        assertEquals("COMPLAINT", entry.getString("reason"));
        assertEquals("arf@example.com", entry.getString("email"));
        assertEquals("abuse", entry.getString("detail"));
        assertEquals(0, count("pop3", mail.getPop3().getPort(), "arf", "pop-password"));
    }

    private static MimeMessage raw(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String protocol, int port, String user, String password) {
        try {
            Store store = Session.getInstance(new Properties()).getStore(protocol);
            store.connect("127.0.0.1", port, user, password);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                int n = inbox.getMessageCount();
                inbox.close(false);
                return n;
            } finally {
                store.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
