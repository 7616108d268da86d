package com.flownurture.observe;

import java.net.InetAddress;
import java.util.Map;

import com.flownurture.support.Http;
import com.flownurture.support.RawHttp;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18, item 8: {@code /metrics} beside the API answers only clients on this machine, unless
 * {@code metrics.public} is set or it has a port of its own. A client that is not on this machine is the decision's
 * unit test; over HTTP, tests send only to loopback and stand for an outside client with a proxy's forwarding
 * header, which the filter never takes for a local request.
 */
class MetricsAccessTest {

    /** What a proxy adds for the client it forwards. */
    private static final Map<String, String> FORWARDED = Map.of("X-Forwarded-For", "203.0.113.7");

    @Test
    void onlyLoopbackClientsNotBehindAProxyMayReadTheMetricsUnlessOpen() throws Exception {
        MetricsAccess closed = new MetricsAccess(false);
        assertTrue(closed.allows(InetAddress.getByName("127.0.0.1"), false));
        assertTrue(closed.allows(InetAddress.getByName("127.8.9.10"), false));
        assertTrue(closed.allows(InetAddress.getByName("::1"), false));
        assertFalse(closed.allows(InetAddress.getByName("127.0.0.1"), true), "a proxy on this machine");
        for (String outside : new String[] {"192.0.2.2", "10.0.0.1", "8.8.8.8", "fd00::2", "2001:4860::8888"}) {
            assertFalse(closed.allows(InetAddress.getByName(outside), false), outside);
        }
        MetricsAccess open = new MetricsAccess(true);
        assertTrue(open.allows(InetAddress.getByName("8.8.8.8"), false));
        assertTrue(open.allows(InetAddress.getByName("127.0.0.1"), true));
    }

    @Test
    void byDefaultARequestThatCameThroughAProxyGetsNotFound() throws Exception {
        try (TestApp server = TestApp.start()) {
            Http http = server.http();
            assertEquals(200, http.get("/metrics", null).status());
            // Sent as written: the variants are the test, and Http's client would normalize some of them.
            for (String path : new String[] {"/metrics/", "//metrics", "/./metrics", "/x/../metrics", "/%6Detrics",
                    "/metrics?x=1", "/metrics;x"}) {
                RawHttp variant = RawHttp.send(server.app().port(), "GET", path, FORWARDED, null);
                assertFalse(variant.status() == 200 && variant.body().contains("flownurture_"), path);
            }
            assertEquals(404, get(http, "/metrics", Map.of("X-Real-IP", "203.0.113.7")).status(),
                    "nginx's header too");
            Http.Response refused = get(http, "/metrics", FORWARDED);
            assertEquals(404, refused.status(), "a client behind a proxy, even one on this machine");
            assertTrue(refused.body().contains("\"statusCode\":404"), refused.body());
            assertFalse(refused.body().contains("flownurture_"), refused.body());
            assertEquals(200, get(http, "/health", FORWARDED).status(), "the rest of the API answers that client");
        }
    }

    @Test
    void metricsPublicOrAPortOfItsOwnOpensIt() throws Exception {
        try (TestApp server = TestApp.start(Map.of("metrics.public", "true"))) {
            assertEquals(200, get(server.http(), "/metrics", FORWARDED).status());
        }
        try (TestApp server = TestApp.start(Map.of("metrics.port", "0"))) {
            assertEquals(200, get(new Http(server.app().metricsPort()), "/metrics", FORWARDED).status());
        }
    }

    private static Http.Response get(Http http, String path, Map<String, String> headers) {
        return http.send(Method.GET, path, headers, null, null);
    }
}
