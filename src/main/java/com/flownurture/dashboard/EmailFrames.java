package com.flownurture.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.flownurture.common.EmailHtml;
import com.flownurture.common.Ids;
import com.flownurture.common.NotFoundException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import org.jsoup.nodes.Entities;

/**
 * Email HTML shown inside the dashboard: always as its own document, loaded into an {@code <iframe sandbox>} (no
 * scripts, no same-origin) and sent with a CSP of its own that also sandboxes it, allows no script, no request
 * outside this server but inline images, and only this server as its frame. Editor previews are kept here for
 * a few minutes under a random token, so the frame can load them. Thread-safe.
 */
final class EmailFrames {

    static final String CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'self'";

    private record Preview(String orgId, String html) {
    }

    private final Cache<String, Preview> previews = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();

    /** Keeps a preview for an organization; returns its token. */
    String keep(String orgId, String html) {
        String token = Ids.newId();
        previews.put(token, new Preview(orgId, html));
        return token;
    }

    /** A kept preview of the organization, or not found. */
    String preview(String orgId, String token) {
        Preview preview = previews.getIfPresent(token);
        if (preview == null || !preview.orgId().equals(orgId)) {
            throw new NotFoundException("Preview not found");
        }
        return preview.html();
    }

    /**
     * An email body as the recipient sees it: HTML sanitized as at send time; a plain-text template's body as text,
     * even when a contact's value in it holds a tag.
     */
    static String document(boolean html, String body) {
        return html ? EmailHtml.clean(body)
                : "<pre style=\"white-space:pre-wrap;font-family:inherit\">" + Entities.escape(body) + "</pre>";
    }

    /** Sends email HTML as a sandboxed document for a frame of the dashboard. */
    static void send(ServerResponse res, String html) {
        res.header("Content-Security-Policy", CSP);
        res.header("X-Frame-Options", "SAMEORIGIN");
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.status(Status.OK_200).send(html.getBytes(StandardCharsets.UTF_8));
    }
}
