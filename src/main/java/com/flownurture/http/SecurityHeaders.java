package com.flownurture.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The headers every HTML page of this server sends, the dashboard's and the public pages' (unsubscribe, consent,
 * subscription form) alike: a content security policy, no sniffing, no framing, no referrer to other sites, no
 * caching (the pages show addresses and carry tokens).
 */
public final class SecurityHeaders {

    /** Scripts and styles only from this server (htmx and ours), no framing, forms only back here. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /** Sets the headers on a response about to carry an HTML page. */
    public static void apply(ServerResponse res) {
        res.header("Content-Security-Policy", CSP);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "same-origin");
        res.header("X-Frame-Options", "DENY");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }
}
