package com.flownurture.tracking;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The known mail-proxy prefetchers, by address and user agent. */
class PrefetchersTest {

    private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.5 Safari/605.1.15";

    @Test
    void applesNetworkAndBareAgentAndTheKnownProxiesArePrefetchers() {
        assertTrue(Prefetchers.known("17.58.100.7", BROWSER), "Apple Mail Privacy Protection's network");
        assertTrue(Prefetchers.known("203.0.113.9", "Mozilla/5.0"), "its bare user agent");
        assertTrue(Prefetchers.known("203.0.113.9",
                "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"));
        assertTrue(Prefetchers.known(null, "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html"));
    }

    @Test
    void peopleAreNot() {
        assertFalse(Prefetchers.known("203.0.113.9", BROWSER));
        assertFalse(Prefetchers.known("170.1.2.3", BROWSER), "only 17.0.0.0/8");
        assertFalse(Prefetchers.known("2001:db8::17", BROWSER));
        assertFalse(Prefetchers.known(null, null));
    }
}
