package com.flownurture.tracking;

import java.util.List;

import com.flownurture.common.EmailHtml;
import com.flownurture.messages.Message;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which links a tracked email's HTML rewrites, and the signatures of its URLs. */
class TrackedHtmlTest {

    private static final String BASE = "https://mail.example.com";
    private static final String KEY = "00112233445566778899aabbccddeeff0011223344556677";
    private static final Message.Tracking CLICKS = new Message.Tracking(KEY, false, true, null, null);

    @Test
    void onlyHttpLinksOfReasonableLengthThatAreNotTheServersOwnAreRewritten() {
        String longLink = "https://example.com/?q=" + "x".repeat(TrackedHtml.MAX_TARGET);
        String body = "<a href=\"HTTPS://Example.com/A\">a</a><a href=\"tel:+1\">t</a>"
                + "<a href=\"" + BASE + "/u/abc\">u</a><a href=\"#top\">top</a><a href=\"" + longLink + "\">l</a>";
        String html = TrackedHtml.render(body, "cmsg1", CLICKS, EmailHtml.ownLinks(body, body), BASE);
        List<String> hrefs = Jsoup.parseBodyFragment(html).select("a").eachAttr("href");
        assertEquals(6, hrefs.size(), html);
        assertTrue(hrefs.get(0).startsWith(BASE + "/t/c/cmsg1.."), "the honeypot first: " + hrefs.get(0));
        assertTrue(hrefs.get(1).startsWith(BASE + "/t/c/cmsg1."), hrefs.get(1));
        assertEquals(List.of("tel:+1", BASE + "/u/abc", "#top", longLink), hrefs.subList(2, 6));
        assertFalse(html.contains("<img"), "opens are not tracked");
    }

    @Test
    void onlyTheMessagesOwnLinksAreRewritten() {
        String body = "<a href=\"https://shop.example/a\">a</a><a href=\"https://evil.example/\">e</a>";
        List<String> hrefs = Jsoup.parseBodyFragment(TrackedHtml.render(body, "cmsg1", CLICKS,
                List.of("https://shop.example/a"), BASE)).select("a").eachAttr("href");
        assertTrue(hrefs.get(1).startsWith(BASE + "/t/c/cmsg1."), hrefs.toString());
        assertEquals("https://evil.example/", hrefs.get(2));
    }

    @Test
    void aTemplatesOwnLinksAreThoseWhoseSiteItWroteItself() {
        String template = "<p>Hi {{firstName}}</p><a href=\"https://shop.example/cart/{{customFields.cart}}\">c</a>"
                + "<a href=\"{{customFields.link}}\">l</a><a href=\"https://{{customFields.host}}/x\">h</a>"
                + "<a href=\"https://shop.example{{customFields.rest}}\">r</a><a href=\"mailto:a@b.c\">m</a>"
                + "<a href=\"http://shop.example\">s</a>";
        String rendered = "<p>Hi &lt;a href=&quot;https://evil.example/&quot;&gt;x&lt;/a&gt;</p>"
                + "<a href=\"https://shop.example/cart/42\">c</a><a href=\"https://evil.example/1\">l</a>"
                + "<a href=\"https://evil.example/x\">h</a><a href=\"https://shop.example.evil.example/\">r</a>"
                + "<a href=\"mailto:a@b.c\">m</a><a href=\"http://shop.example\">s</a>";
        assertEquals(List.of("https://shop.example/cart/42", "http://shop.example"),
                EmailHtml.ownLinks(template, rendered));
        assertEquals(List.of(), EmailHtml.ownLinks("Hi {{firstName}}", "Hi <a href=\"https://evil.example/\">x</a>"),
                "a plain-text template has no links");
        assertEquals(List.of(), EmailHtml.ownLinks("<p>{{firstName}}</p>",
                "<p><a href=\"https://evil.example/\">x</a></p>"), "a link the template did not write: none counts");
    }

    @Test
    void aLinkVerifiesWithItsMessagesKeyOnlyAndUnchanged() {
        String path = TrackingLink.clickPath("cmsg1", KEY, "https://example.com/a");
        TrackingLink link = TrackingLink.click(path.substring("/t/c/".length())).orElseThrow();
        assertEquals("https://example.com/a", link.target());
        assertTrue(link.signedWith(KEY));
        assertFalse(link.signedWith(KEY.replace('0', '1')), "another message's key");
        assertFalse(new TrackingLink("cmsg2", link.target(), link.signature()).signedWith(KEY), "another message");
        assertFalse(new TrackingLink("cmsg1", "https://example.com/b", link.signature()).signedWith(KEY));
        assertFalse(new TrackingLink("cmsg1", null, link.signature()).signedWith(KEY), "a link is not a pixel");
        assertTrue(TrackingLink.click("cmsg1.!!.AAAAAAAAAAAAAAAAAAAAAA").isEmpty());
        assertTrue(TrackingLink.open("cmsg1").isEmpty());
    }
}
