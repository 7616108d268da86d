package com.flownurture.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The dashboard's static files, served from the jar under versioned paths, so a browser may keep them for a year:
 * htmx from its webjar under {@code /assets/htmx/<version>/}, our stylesheet and script under
 * {@code /assets/<build>/}. Read once at start-up.
 */
final class Assets {

    /** The htmx version, as in the webjar the pom names. */
    static final String HTMX_VERSION = "2.0.10";
    /** Where our own files are served; the build's version keeps an old cached copy from being used. */
    static final String PREFIX = "/assets/" + version();
    static final String HTMX = "/assets/htmx/" + HTMX_VERSION + "/htmx.min.js";

    private static final Map<String, String[]> FILES = Map.of(
            HTMX, new String[] {"META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js",
                "text/javascript; charset=UTF-8"},
            PREFIX + "/dashboard.css", new String[] {"dashboard/dashboard.css", "text/css; charset=UTF-8"},
            PREFIX + "/dashboard.js", new String[] {"dashboard/dashboard.js", "text/javascript; charset=UTF-8"});

    private Assets() {
    }

    static void register(DashboardRoutes routing) {
        FILES.forEach((path, file) -> {
            byte[] bytes = read(file[0]);
            String type = file[1];
            routing.get(path, (ServerRequest req, ServerResponse res) -> {
                res.header(HeaderNames.CONTENT_TYPE, type);
                res.header(HeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
                res.header("X-Content-Type-Options", "nosniff");
                res.status(Status.OK_200).send(bytes);
            });
        });
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing dashboard asset " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hash of our assets, so a changed file gets a new path and no stale cached copy is used. */
    private static String version() {
        long hash = 17;
        for (String resource : new String[] {"dashboard/dashboard.css", "dashboard/dashboard.js"}) {
            hash = hash * 31 + java.util.Arrays.hashCode(read(resource));
        }
        return Long.toHexString(hash & 0xffffffffL);
    }
}
