package com.flownurture.observe;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.flownurture.auth.Principal;
import com.flownurture.http.RequestId;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The outermost filter: gives each request its id ({@link RequestId}, also the {@code X-Request-Id} header), then,
 * once it is answered, records it in the request meter and writes its one log line: method, route template,
 * status, duration, request id and organization, never the key or the raw path (which can hold ids and query
 * strings). The route is the template that matched ({@code /api/v1/contacts/{id}}), or {@code unmatched} for a
 * request answered before or without a route (401, 404). Thread-safe.
 */
public final class RequestObserver implements Filter {

    /** The request log's logger; {@code flownurture.requests.level = WARNING} in the logging properties mutes it. */
    static final Logger LOG = Logger.getLogger("flownurture.requests");

    private final Meters meters;
    private final boolean json;

    /** @param json whether lines carry their fields for the JSON log format ({@code logging.format: json}) */
    public RequestObserver(Meters meters, boolean json) {
        this.meters = meters;
        this.json = json;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        RequestId id = RequestId.create();
        req.context().register(id);
        res.header(RequestId.HEADER, id.value());
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - started;
            String route = req.matchingPattern().filter(p -> !p.isEmpty()).orElse("unmatched");
            String method = req.prologue().method().text();
            int status = res.status().code();
            meters.request(route, method, status, nanos);
            if (LOG.isLoggable(Level.INFO)) {
                String org = req.context().get(Principal.class).map(Principal::orgId).orElse("-");
                log(method, route, status, nanos, id.value(), org);
            }
        }
    }

    private void log(String method, String route, int status, long nanos, String id, String org) {
        long tenths = nanos / 100_000;
        LogRecord line = new LogRecord(Level.INFO, method + " " + route + " " + status + " " + tenths / 10 + "."
                + tenths % 10 + "ms id=" + id + " org=" + org);
        line.setLoggerName(LOG.getName());
        if (json) {
            // The JSON log format writes these as fields (see JsonLogFormatter); the text format shows the message.
            line.setParameters(new Object[] {Map.of("method", method, "route", route, "status", status,
                    "durationMs", tenths / 10.0, "requestId", id, "org", org)});
        }
        LOG.log(line);
    }
}
