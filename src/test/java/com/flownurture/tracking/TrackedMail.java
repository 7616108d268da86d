package com.flownurture.tracking;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static com.flownurture.support.Json.with;

/** The tracking tests' steps: a workflow that sends one email, its delivery through GreenMail, and its links. */
final class TrackedMail {

    /** A browser's user agent: a person's request. */
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    static final String BODY = "<p>Hi</p><p><a href=\"https://example.com/a?x=1&amp;y=2\">A</a> "
            + "<a href=\"mailto:help@example.com\">Write</a> <a href=\"http://example.com/b\">B</a></p>";

    private final TestApp server;
    private final Smtp smtp;

    TrackedMail(TestApp server, Smtp smtp) {
        this.server = server;
        this.smtp = smtp;
    }

    /** A delivered email: its message (as the API shows it once SENT), HTML part and text part. */
    record Sent(String messageId, Document html, String text) {
        /** The path (without the server's address) of the {@code i}th link: 0 is the honeypot of a tracked one. */
        String link(int i) {
            String url = hrefs().get(i);
            return url.substring(url.indexOf("/t/"));
        }

        /** The path of the tracking pixel. */
        String pixel() {
            String url = html.selectFirst("img").attr("src");
            return url.substring(url.indexOf("/t/"));
        }

        List<String> hrefs() {
            return html.select("a").eachAttr("href");
        }
    }

    /** A workflow of one SEND_EMAIL step with {@code tracking} (null for none). */
    String workflow(String key, String subject, JsonObject tracking) {
        JsonObject workflow = obj("name", subject, "status", "ACTIVE",
                "steps", arr(obj("type", "SEND_EMAIL", "subject", subject, "body", BODY)));
        return server.api(key).createWorkflow(tracking == null ? workflow : with(workflow, "tracking", tracking));
    }

    /** Enrolls a new contact in the workflow and waits until its email is received and its message SENT. */
    Sent send(String key, String workflow, String subject, String email) throws Exception {
        Api api = server.api(key);
        String contact = api.createContact(email);
        api.enroll(contact, workflow);
        String id = api.sentMessage(contact).getString("id");
        MimeMessage mail = Await.value(Duration.ofSeconds(10), "the email to " + email, () -> mail(subject, email));
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        return new Sent(id, Jsoup.parseBodyFragment((String) parts.getBodyPart(1).getContent()),
                ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"));
    }

    /** A request to a tracking URL with a user agent. */
    Http.Response follow(String path, String userAgent) {
        return server.http().sendWithHeader(Method.GET, path, List.of(), "User-Agent", userAgent, null);
    }

    JsonObject message(String key, String id) {
        return server.api(key).get("/api/v1/messages/" + id).expect(200).obj();
    }

    private MimeMessage mail(String subject, String to) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().equals(subject) && m.getAllRecipients()[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElse(null);
    }
}
