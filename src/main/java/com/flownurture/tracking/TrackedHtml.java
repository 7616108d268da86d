package com.flownurture.tracking;

import java.util.List;
import java.util.Locale;

import com.flownurture.messages.Message;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The HTML part of a tracked email, made at delivery: with click tracking each of the message's own links (those its
 * template wrote, {@code EmailHtml.ownLinks}) goes through a signed redirect (not {@code mailto:}, not the server's
 * own unsubscribe and confirmation pages, not one longer than {@link #MAX_TARGET}) and a hidden honeypot link comes
 * first; a link a contact's value made is left as it is, so the server never signs a redirect to it. With open
 * tracking a 1×1 pixel comes last. The text part keeps the original links. Stateless and thread-safe.
 */
public final class TrackedHtml {

    /**
     * The longest link that is tracked: its encoded form must fit the server's 4 KB request line (Helidon's
     * {@code max-prologue-length}); a longer one is left as it is.
     */
    static final int MAX_TARGET = 2048;

    private TrackedHtml() {
    }

    /**
     * The body to send for a message.
     *
     * @param html      the message's HTML body, sanitized
     * @param messageId the message's id
     * @param t         what its workflow tracks, and its signing key
     * @param links     the message's own links ({@link Message#links()}): no other is tracked
     * @param publicUrl the base URL recipients reach the server at
     */
    public static String render(String html, String messageId, Message.Tracking t, List<String> links,
                                String publicUrl) {
        if (t.key() == null || !(t.opens() || t.clicks())) {
            return html;
        }
        Document doc = Jsoup.parseBodyFragment(html);
        doc.outputSettings().prettyPrint(false);
        if (t.clicks()) {
            for (Element a : doc.body().select("a[href]")) {
                String href = a.attr("href").strip();
                if (links.contains(href) && tracked(href, publicUrl)) {
                    a.attr("href", publicUrl + TrackingLink.clickPath(messageId, t.key(), href));
                }
            }
            // Invisible to people (and to screen readers); link scanners follow every href, this one too.
            doc.body().prependElement("a").attr("href", publicUrl + TrackingLink.clickPath(messageId, t.key(), ""))
                    .attr("style", "display:none").attr("aria-hidden", "true").attr("tabindex", "-1");
        }
        if (t.opens()) {
            doc.body().appendElement("img").attr("src", publicUrl + TrackingLink.pixelPath(messageId, t.key()))
                    .attr("width", "1").attr("height", "1").attr("alt", "")
                    .attr("style", "display:block;width:1px;height:1px;border:0");
        }
        return doc.body().html();
    }

    private static boolean tracked(String href, String publicUrl) {
        String lower = href.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && href.length() <= MAX_TARGET
                && !href.startsWith(publicUrl + "/u/") && !href.startsWith(publicUrl + "/c/");
    }
}
