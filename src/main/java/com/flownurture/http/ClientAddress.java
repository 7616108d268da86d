package com.flownurture.http;

import java.net.InetSocketAddress;

import io.helidon.webserver.http.ServerRequest;

/**
 * The address a request came from, for per-client limits and the consent log: one place to decide it, so that a
 * reverse proxy's forwarded address, once trusted, is taken everywhere alike. Today it is the connection's peer.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /** The client's IP address as text ({@code 203.0.113.7}, {@code 2001:db8::1}). */
    public static String of(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : req.remotePeer().host();
    }
}
