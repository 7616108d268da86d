package com.flownurture.tracking;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Mail-proxy prefetchers: services that fetch an email's images (and sometimes links) for a mailbox, whether or not
 * anyone reads it. Their opens say nothing of a person. The list is short on purpose: only signatures that these
 * services document or are widely observed to use. Stateless and thread-safe.
 *
 * <ul>
 *   <li>Apple Mail Privacy Protection: requests from Apple's network {@code 17.0.0.0/8}, and its bare
 *       {@code Mozilla/5.0} user agent (no browser sends only that);</li>
 *   <li>Gmail's image proxy: {@code GoogleImageProxy} in the user agent;</li>
 *   <li>Yahoo Mail's image proxy: {@code YahooMailProxy};</li>
 *   <li>security gateways that scan links: {@code Barracuda}, {@code Mimecast}, {@code Proofpoint}.</li>
 * </ul>
 */
public final class Prefetchers {

    private static final List<String> USER_AGENTS = List.of("GoogleImageProxy", "YahooMailProxy", "Barracuda",
            "Mimecast", "Proofpoint");
    private static final String APPLE_PRIVACY_AGENT = "Mozilla/5.0";
    /** Apple's own network, where Mail Privacy Protection fetches from. */
    private static final byte APPLE_NETWORK = 17;

    private Prefetchers() {
    }

    /**
     * Whether a request comes from a known prefetcher.
     *
     * @param address   the client's IP address (the connection's peer), or null
     * @param userAgent its {@code User-Agent}, or null
     */
    public static boolean known(String address, String userAgent) {
        String agent = userAgent == null ? "" : userAgent.strip();
        return agent.equals(APPLE_PRIVACY_AGENT) || USER_AGENTS.stream().anyMatch(agent::contains)
                || appleNetwork(address);
    }

    private static boolean appleNetwork(String address) {
        if (address == null || !address.matches("[0-9.]{7,15}")) {
            return false;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return bytes.length == 4 && bytes[0] == APPLE_NETWORK;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
