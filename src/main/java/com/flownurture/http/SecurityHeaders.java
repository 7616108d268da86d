package com.flownurture.http;

import java.util.List;

import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The security headers of every response: pages, the JSON API, redirects, 404s and errors alike. They are added
 * just before the response is sent, so an error page that replaced a half-built response carries them too, and
 * only where the handler set none of its own: the sandboxed email frame keeps its own policy. Thread-safe.
 */
public final class SecurityHeaders implements Filter {

    /**
     * Scripts and styles only from this server (htmx and the dashboard's), no framing, forms only back here. One
     * policy for everything, so a page cannot be served without it whichever path reached it.
     */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final List<Header> HEADERS = List.of(
            HeaderValues.create("Content-Security-Policy", CSP),
            HeaderValues.create("X-Frame-Options", "DENY"),
            HeaderValues.create("X-Content-Type-Options", "nosniff"),
            // Same-origin: a token in the path (an unsubscribe or tracking link) never leaves in a Referer.
            HeaderValues.create("Referrer-Policy", "same-origin"));

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.beforeSend(() -> addMissing(res.headers()));
        chain.proceed();
    }

    /** Adds each header the response does not set itself; also for answers Helidon gives before routing. */
    public static void addMissing(ServerResponseHeaders headers) {
        HEADERS.forEach(headers::setIfAbsent);
    }
}
