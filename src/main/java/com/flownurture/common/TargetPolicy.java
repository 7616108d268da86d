package com.flownurture.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which addresses the server may call on a key holder's behalf (webhook subscriptions, the workflow WEBHOOK step).
 * Unless private targets are allowed, loopback, private, link-local (the cloud metadata address), unique-local,
 * carrier-grade NAT, multicast and unspecified addresses are refused: a URL is checked when it is saved, and the
 * address it resolves to is checked again when it is called, and that checked address is the one connected to, so
 * DNS cannot be used to get around the check. Immutable.
 *
 * @param allowPrivate whether private targets are allowed (tests and local demos with a receiver on this machine)
 */
public record TargetPolicy(boolean allowPrivate) {

    /** A refused target. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Checks a URL a client wants saved: http or https, a host, no user info, and (unless allowed) no private
     * target. A name that does not resolve now is accepted: it is checked again when called.
     *
     * @param field the field's name for the error message
     * @throws InvalidInputException when the URL is malformed or its target refused
     */
    public String requireAllowedUrl(String url, String field) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field + " must be an http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InvalidInputException(field + " must be an http or https URL");
        }
        try {
            resolve(uri.getHost());
        } catch (RefusedException e) {
            throw new InvalidInputException(field + " must not point at a private, loopback or link-local address");
        } catch (UnknownHostException e) {
            // Checked again on every call.
        }
        return url;
    }

    /**
     * The address to connect to for a host: its first resolved address, when none of its addresses is refused.
     *
     * @throws RefusedException     when the host is, or resolves to, a refused address
     * @throws UnknownHostException when it does not resolve
     */
    public InetAddress resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(bare);
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw new RefusedException("refused target " + host + ": " + address.getHostAddress()
                            + " is a private, loopback or link-local address");
                }
            }
        }
        return addresses[0];
    }

    /** Whether an address belongs to this machine, a private network, or no one. */
    public static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc; // fc00::/7
            boolean mappedOrCompatible = true; // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address
            for (int i = 0; i < 10; i++) {
                mappedOrCompatible &= b[i] == 0;
            }
            if (mappedOrCompatible && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return uniqueLocal;
        }
        return true;
    }
}
