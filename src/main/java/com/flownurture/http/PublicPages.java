package com.flownurture.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Renders the public pages (unsubscribe, consent confirmation, subscription form) from the precompiled JTE
 * templates under {@code src/main/jte/subscriber}, which share one layout and escape every {@code ${value}} for
 * where it stands. Thread-safe.
 */
public final class PublicPages {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private PublicPages() {
    }

    /**
     * Sends a rendered page.
     *
     * @param template the name under {@code subscriber/}, without {@code .jte}
     */
    public static void send(ServerResponse res, Status status, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render("subscriber/" + template + ".jte", params, out);
        // The security headers come from the SecurityHeaders filter, as on every response; pages show addresses and
        // carry tokens, so no cache keeps them.
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.send(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
