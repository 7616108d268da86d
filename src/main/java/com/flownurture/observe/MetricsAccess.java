package com.flownurture.observe;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import com.flownurture.http.ErrorMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Who may read {@code /metrics} when it is served beside the API: only clients on this machine, unless
 * {@code metrics.public} opens it. The meters tell an outsider the traffic, the queue depths and the build, so the
 * port the world reaches does not show them by default. A request that came through a proxy (it carries
 * {@code Forwarded} or {@code X-Forwarded-For}) is not taken for a local one, even from a proxy on this machine.
 * Anyone else is answered as if there were no such route (404). With a port of its own ({@code metrics.port}) the
 * endpoint is not filtered: that port is reached only where the operator lets it be. Immutable.
 *
 * @param open whether anyone may read the metrics on the API's port ({@code metrics.public})
 */
public record MetricsAccess(boolean open) {

    /** The path of the endpoint. */
    public static final String PATH = "/metrics";

    /** Whether a client at this address, with or without forwarding headers, may read the metrics. */
    public boolean allows(InetAddress client, boolean forwarded) {
        return open || (client.isLoopbackAddress() && !forwarded);
    }

    /** Whether the request's headers say that a proxy passed it on. */
    static boolean forwarded(Headers headers) {
        return headers.contains(HeaderNames.FORWARDED) || headers.contains(HeaderNames.X_FORWARDED_FOR);
    }

    /** The filter that applies this to the API's port: a refused client gets the JSON 404 of an unknown route. */
    public Filter filter() {
        return (FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
            String path = req.path().path();
            boolean metrics = path.equals(PATH) || path.startsWith(PATH + "/");
            if (metrics && !(req.remotePeer().address() instanceof InetSocketAddress peer
                    && allows(peer.getAddress(), forwarded(req.headers())))) {
                ErrorMapper.send(res, Status.NOT_FOUND_404, "Route not found");
                return;
            }
            chain.proceed();
        };
    }
}
