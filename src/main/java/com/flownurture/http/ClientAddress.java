package com.flownurture.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.Cidr;
import com.flownurture.common.IpAddress;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The address of the client behind a request, for per-address limits and for the records that keep one (consent,
 * tracking). It is the connection's peer, unless the peer is one of {@code server.trusted-proxies}: then it is the
 * right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy. Each proxy appends the address it
 * was reached from, so entries right of that one were written by proxies we trust, and entries left of it by the
 * client, who may write anything. An entry that is not an address stops the walk at the trusted hop that passed it.
 * With no trusted proxy (the default) the header is ignored. Immutable and thread-safe.
 */
public final class ClientAddress {

    private final List<Cidr> trustedProxies;

    public ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client's address as text ({@code 192.0.2.1}, {@code 2001:db8:0:0:0:0:0:1}). */
    public String of(ServerRequest req) {
        if (!(req.remotePeer().address() instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return req.remotePeer().host();
        }
        InetAddress peer = socket.getAddress();
        if (!trusted(peer)) {
            return peer.getHostAddress();
        }
        return resolve(peer, req.headers().values(HeaderNames.X_FORWARDED_FOR)).getHostAddress();
    }

    /** The client behind a peer, given the {@code X-Forwarded-For} header lines in the order they came. */
    InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        List<String> entries = new ArrayList<>();
        for (String line : forwardedFor) {
            entries.addAll(List.of(line.split(",", -1)));
        }
        InetAddress client = peer;
        for (int i = entries.size() - 1; i >= 0 && trusted(client); i--) {
            Optional<InetAddress> hop = address(entries.get(i).strip());
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        for (Cidr proxy : trustedProxies) {
            if (proxy.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An entry: an address, or one with a port as some proxies write it ({@code 192.0.2.1:443}, {@code [::1]:443}). */
    private static Optional<InetAddress> address(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || !port(entry.substring(close + 1))) {
                return Optional.empty();
            }
            // Brackets hold an IPv6 address only.
            String inside = entry.substring(1, close);
            return inside.indexOf(':') >= 0 ? IpAddress.parse(inside) : Optional.empty();
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && entry.indexOf('.') >= 0 && entry.indexOf(':', colon + 1) < 0) {
            return port(entry.substring(colon)) ? IpAddress.parse(entry.substring(0, colon)) : Optional.empty();
        }
        return IpAddress.parse(entry);
    }

    /** Empty, or a colon and a port number. */
    private static boolean port(String rest) {
        return rest.isEmpty() || rest.length() > 1 && rest.length() <= 6 && rest.charAt(0) == ':'
                && rest.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
