package com.flownurture.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import com.flownurture.common.NotFoundException;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.ClientAddress;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The public, signature-authenticated tracking routes that tracked emails point at: the pixel
 * {@code GET /t/o/{token}} and the link redirect {@code GET /t/c/{token}} ({@link TrackingLink}). A URL whose
 * signature does not match its message, or whose target is not one of that message's own links, is a 404 and
 * records nothing, so the redirect cannot be pointed anywhere else. Each valid request is recorded, flagged when a
 * machine made it ({@link TrackingRepository.Machine}).
 */
public final class TrackingService implements ApiService {

    /** A transparent 1×1 GIF. */
    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final TrackingRepository tracking;
    private final ClientAddress clientAddress;

    /** @param clientAddress who a request comes from (behind a trusted proxy, the client it forwards for) */
    public TrackingService(TrackingRepository tracking, ClientAddress clientAddress) {
        this.tracking = tracking;
        this.clientAddress = clientAddress;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.publicGet("/t/o/{token}", this::open)
                .publicGet("/t/c/{token}", this::click);
    }

    /** {@code curl localhost:8080/t/o/$MESSAGE_ID.$SIGNATURE}: records an open, answers the pixel. */
    private void open(ServerRequest req, ServerResponse res) {
        TrackingLink link = TrackingLink.open(token(req)).orElseThrow(TrackingService::unknown);
        tracking.opened(signed(link), client(req));
        res.header(HeaderNames.CONTENT_TYPE, "image/gif");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(PIXEL);
    }

    /**
     * {@code curl -i localhost:8080/t/c/$MESSAGE_ID.$TARGET.$SIGNATURE}: records a click, redirects to the target.
     * Only to one of the message's own links: even a validly signed URL to anything else is unknown, so the
     * redirect can never serve a site a contact's value named.
     */
    private void click(ServerRequest req, ServerResponse res) {
        TrackingLink link = TrackingLink.click(token(req)).orElseThrow(TrackingService::unknown);
        String lower = link.target().toLowerCase(Locale.ROOT);
        if (!link.honeypot() && !lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw unknown();
        }
        TrackingRepository.Tracked message = signed(link);
        if (!link.honeypot() && !tracking.ownLinks(message).contains(link.target())) {
            throw unknown();
        }
        tracking.clicked(message, link.target(), client(req));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (link.honeypot()) {
            res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            res.send("<!doctype html><title>Nothing here</title>".getBytes(StandardCharsets.UTF_8));
        } else {
            res.status(Status.FOUND_302);
            res.header(HeaderNames.LOCATION, link.target());
            res.send();
        }
    }

    /** The link's message, when its signature is that message's. */
    private TrackingRepository.Tracked signed(TrackingLink link) {
        Optional<TrackingRepository.Tracked> message = tracking.find(link.messageId());
        return message.filter(m -> link.signedWith(m.key())).orElseThrow(TrackingService::unknown);
    }

    private static String token(ServerRequest req) {
        return req.path().pathParameters().get("token");
    }

    private TrackingRepository.Client client(ServerRequest req) {
        return new TrackingRepository.Client(clientAddress.of(req),
                req.headers().first(HeaderNames.USER_AGENT).orElse(null));
    }

    private static NotFoundException unknown() {
        return new NotFoundException("Link not recognised");
    }
}
