package com.flownurture.consent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.flownurture.auth.Principal;
import com.flownurture.db.Times;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.ClientAddress;
import com.flownurture.http.Responses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The double opt-in link {@code /c/{token}} and {@code GET /api/v1/contacts/:id/consent-log}.
 *
 * <p>A {@code GET} of the link never confirms: mail scanners and link previews fetch every link in an email, and a
 * confirmation they made would record consent nobody gave. The page shows a Confirm button; its {@code POST}
 * confirms, recording the time, the client's address ({@link ClientAddress}: the connection's peer, or behind a
 * trusted reverse proxy the client it forwards for) and its user agent.
 */
public final class ConsentService implements ApiService {

    private static final int MAX_USER_AGENT = 512;

    private final ConsentRepository consent;
    private final ClientAddress clientAddress;

    public ConsentService(ConsentRepository consent, ClientAddress clientAddress) {
        this.consent = consent;
        this.clientAddress = clientAddress;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/contacts/{id}/consent-log", this::log)
                .publicGet("/c/{token}", this::show)
                .publicPost("/c/{token}", this::confirm);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/contacts/$ID/consent-log} */
    private void log(ServerRequest req, ServerResponse res) {
        List<ConsentRepository.Entry> entries = consent.log(Principal.of(req).orgId(),
                req.path().pathParameters().get("id"));
        Responses.ok(res, json -> {
            json.writeStartArray();
            for (ConsentRepository.Entry e : entries) {
                json.writeStartObject().write("status", e.status().name());
                nullable(json, "source", e.source());
                nullable(json, "ip", e.ip());
                nullable(json, "userAgent", e.userAgent());
                json.write("createdAt", Times.format(e.createdAt())).writeEnd();
            }
            json.writeEnd();
        });
    }

    /** {@code curl localhost:8080/c/$TOKEN}: the page with the Confirm button; changes nothing. */
    private void show(ServerRequest req, ServerResponse res) {
        Optional<ConsentRepository.Pending> pending = consent.pending(req.path().pathParameters().get("token"));
        if (pending.isEmpty()) {
            send(res, Status.NOT_FOUND_404, page("Link not recognised",
                    "This confirmation link is not valid, or was used already.", false));
        } else {
            send(res, Status.OK_200, page("Confirm your subscription",
                    "Press Confirm to start receiving our emails.", true));
        }
    }

    /** {@code curl -X POST localhost:8080/c/$TOKEN}: confirms. */
    private void confirm(ServerRequest req, ServerResponse res) {
        String ip = clientAddress.of(req);
        String userAgent = req.headers().first(HeaderNames.USER_AGENT)
                .map(ua -> ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) : ua).orElse(null);
        if (consent.confirm(req.path().pathParameters().get("token"), ip, userAgent).isPresent()) {
            send(res, Status.OK_200, page("Thank you", "Your subscription is confirmed.", false));
        } else {
            send(res, Status.NOT_FOUND_404, page("Link not recognised",
                    "This confirmation link is not valid, or was used already.", false));
        }
    }

    private static void nullable(jakarta.json.stream.JsonGenerator json, String name, String value) {
        if (value == null) {
            json.writeNull(name);
        } else {
            json.write(name, value);
        }
    }

    private static String page(String title, String text, boolean button) {
        String form = button ? "<form method=\"post\"><button type=\"submit\">Confirm</button></form>" : "";
        return "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head><body style=\"font-family:sans-serif;max-width:32em;"
                + "margin:4em auto\"><h1>" + title + "</h1><p>" + text + "</p>" + form + "</body></html>";
    }

    private static void send(ServerResponse res, Status status, String html) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(html.getBytes(StandardCharsets.UTF_8));
    }
}
