package com.flownurture.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Renders the precompiled JTE templates (classes made at build time from {@code src/main/jte}; HTML content type,
 * so every {@code ${value}} is escaped for where it stands). Thread-safe.
 */
public final class Html {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Html() {
    }

    /** Sends a rendered template with status 200. */
    public static void send(ServerResponse res, String template, Map<String, Object> params) {
        send(res, Status.OK_200, template, params);
    }

    /** Sends a rendered template. */
    public static void send(ServerResponse res, Status status, String template, Map<String, Object> params) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.send(render(template, params).getBytes(StandardCharsets.UTF_8));
    }

    /** A rendered template (a page or a piece of one, such as {@code bar-chart.jte}). */
    static String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, params, out);
        return out.toString();
    }

    /** Template parameters from name, value pairs (values may be null). */
    public static Map<String, Object> params(Object... pairs) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** A 303 to another page (the answer to a form that changed something). */
    public static void redirect(ServerResponse res, String location) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.send();
    }
}
