package com.flownurture.consent;

import java.util.List;
import java.util.Map;

import com.flownurture.auth.Principal;
import com.flownurture.common.Times;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.ClientAddress;
import com.flownurture.http.PublicPages;
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
 * trusted reverse proxy the client it forwards for) and its user agent. The confirming {@code POST} carries no
 * fields, so its body is not read.
 */
public final class ConsentService implements ApiService {

    private static final int MAX_USER_AGENT = 512;

    private final ConsentRepository consent;
    private final DoubleOptIn doubleOptIn;
    private final ClientAddress clientAddress;

    /** The page's states, each with its title (the template {@code subscriber/confirm.jte}). */
    public enum Page {
        ASK("Confirm your subscription"), CONFIRMED("Thank you"), UNKNOWN("Link not recognised");

        private final String title;

        Page(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public ConsentService(ConsentRepository consent, DoubleOptIn doubleOptIn, ClientAddress clientAddress) {
        this.consent = consent;
        this.doubleOptIn = doubleOptIn;
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
        if (consent.pending(req.path().pathParameters().get("token")).isEmpty()) {
            send(res, Status.NOT_FOUND_404, Page.UNKNOWN);
        } else {
            send(res, Status.OK_200, Page.ASK);
        }
    }

    /** {@code curl -X POST localhost:8080/c/$TOKEN}: confirms. */
    private void confirm(ServerRequest req, ServerResponse res) {
        String userAgent = req.headers().first(HeaderNames.USER_AGENT)
                .map(ua -> ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) : ua).orElse(null);
        if (doubleOptIn.confirm(req.path().pathParameters().get("token"), clientAddress.of(req), userAgent)
                .isPresent()) {
            send(res, Status.OK_200, Page.CONFIRMED);
        } else {
            send(res, Status.NOT_FOUND_404, Page.UNKNOWN);
        }
    }

    private static void nullable(jakarta.json.stream.JsonGenerator json, String name, String value) {
        if (value == null) {
            json.writeNull(name);
        } else {
            json.write(name, value);
        }
    }

    private static void send(ServerResponse res, Status status, Page page) {
        PublicPages.send(res, status, "confirm", Map.of("page", page));
    }
}
