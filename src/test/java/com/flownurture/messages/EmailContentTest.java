package com.flownurture.messages;

import java.time.Duration;
import java.util.Arrays;

import com.flownurture.common.EmailHtml;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an email is made of: HTML sanitized when the step is saved, and a text part beside it (GreenMail reads both). */
class EmailContentTest {

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    @Test
    void theSanitizerRemovesScriptsHandlersAndJavascriptLinksAndKeepsLayoutAndPlaceholders() {
        String clean = EmailHtml.sanitize("<p style=\"color:red\" onclick=\"steal()\">Hi {{firstName|there}}</p>"
                + "<script>alert(1)</script><a href=\"javascript:alert(2)\">x</a>"
                + "<a href=\"{{customFields.link}}\">go</a><img src=\"https://e.com/a.png\" onerror=\"x()\">"
                + "<table cellpadding=\"4\"><tr><td align=\"center\">cell</td></tr></table><iframe src=\"https://e\">");
        assertFalse(clean.contains("script") || clean.contains("onclick") || clean.contains("onerror")
                || clean.contains("javascript") || clean.contains("iframe"), clean);
        assertTrue(clean.contains("<p style=\"color:red\">Hi {{firstName|there}}</p>"), clean);
        assertTrue(clean.contains("<a href=\"{{customFields.link}}\">go</a>"), clean);
        assertTrue(clean.contains("cellpadding=\"4\"") && clean.contains("align=\"center\""), clean);
        assertEquals("no tags, <3 kept", EmailHtml.sanitize("no tags, <3 kept"));
    }

    @Test
    void theTextPartKeepsParagraphsListsAndLinkAddresses() {
        assertEquals("""
                Welcome, Ann
                
                First line
                second line
                
                - one
                - two
                
                Read the guide <https://example.com/guide> or https://example.com
                """, EmailHtml.toText("<h1>Welcome, Ann</h1><p>First line<br>second   line</p>"
                + "<ul><li>one</li><li>two</li></ul><p>Read <a href=\"https://example.com/guide\">the guide</a> or "
                + "<a href=\"https://example.com\">https://example.com</a></p>"));
    }

    @Test
    void everyHtmlEmailIsMultipartAlternativeWithATextPart() throws Exception {
        Api api = server.api(server.tenant());
        String workflow = api.createWorkflow(arr(
                obj("type", "SEND_EMAIL", "subject", "Generated", "body", "<p onmouseover=\"x()\">Hi {{firstName}}</p>"
                        + "<script>bad()</script><p><a href=\"https://example.com/a\">Open</a></p>"),
                obj("type", "SEND_EMAIL", "subject", "Given", "body", "<p>HTML part</p>",
                        "text", "Own text for {{firstName}}")));
        JsonObject saved = api.get("/api/v1/workflows/" + workflow).expect(200).obj().getJsonArray("steps")
                .getJsonObject(0);
        assertEquals("<p>Hi {{firstName}}</p><p><a href=\"https://example.com/a\">Open</a></p>",
                saved.getString("body"), "stored sanitized");
        String contact = api.createContact(obj("email", "parts@example.com", "firstName", "Ann")).getString("id");
        api.enroll(contact, workflow);
        Await.until(Duration.ofSeconds(5), "both emails", () -> mail("Generated") != null && mail("Given") != null);

        MimeMultipart generated = (MimeMultipart) mail("Generated").getContent();
        assertTrue(mail("Generated").getContentType().startsWith("multipart/alternative"));
        assertEquals(2, generated.getCount());
        assertPart(generated.getBodyPart(0), "text/plain", "Hi Ann\n\nOpen <https://example.com/a>");
        assertPart(generated.getBodyPart(1), "text/html", "<p>Hi Ann</p><p><a href=\"https://example.com/a\">Open</a></p>");
        MimeMultipart given = (MimeMultipart) mail("Given").getContent();
        assertPart(given.getBodyPart(0), "text/plain", "Own text for Ann");
        assertPart(given.getBodyPart(1), "text/html", "<p>HTML part</p>");
    }

    private static void assertPart(BodyPart part, String type, String content) throws Exception {
        assertTrue(part.getContentType().startsWith(type), part.getContentType());
        assertEquals(content, ((String) part.getContent()).replace("\r\n", "\n").strip());
    }

    private static MimeMessage mail(String subject) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().equals(subject);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElse(null);
    }
}
