package com.flownurture.common;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which addresses the server may call on a key holder's behalf (webhook subscriptions, the workflow WEBHOOK step).
 * Unless private targets are allowed, every special-purpose address ({@link SpecialAddresses}: loopback, private,
 * link-local (the cloud metadata address), unique-local, carrier-grade NAT, NAT64, 6to4, benchmarking,
 * documentation, multicast, unspecified, ...) is refused: a URL is checked when it is saved, and the
 * address it resolves to is checked again when it is called, and that checked address is the one connected to, so
 * DNS cannot be used to get around the check. Immutable.
 *
 * @param allowPrivate whether private targets are allowed (tests and local demos with a receiver on this machine)
 */
public record TargetPolicy(boolean allowPrivate) {

    /** A refused target. */
    public static final class RefusedException extends RuntimeException {
        /** The whole message: what the name resolved to is not repeated to the key holder who gave it. */
        public static final String MESSAGE = "refused private target";

        RefusedException() {
            super(MESSAGE);
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
                    throw new RefusedException();
                }
            }
        }
        return addresses[0];
    }

    /**
     * Whether an address belongs to this machine, a private network, or no one: any block of
     * {@link SpecialAddresses}, which also holds loopback, link-local, multicast and the unspecified address.
     */
    public static boolean isPrivate(InetAddress address) {
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()
                || SpecialAddresses.find(address).isPresent();
    }
}
