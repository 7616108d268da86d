package com.flownurture.observe;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.flownurture.support.TestApp;
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

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

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
            String base = "http://127.0.0.1:" + server.app().port();
            assertEquals(200, get(base + "/metrics", false).statusCode());
            for (String path : new String[] {"/metrics/", "//metrics", "/./metrics", "/x/../metrics", "/%6Detrics",
                    "/metrics?x=1", "/metrics;x"}) {
                HttpResponse<String> variant = get(base + path, true);
                assertFalse(variant.statusCode() == 200 && variant.body().contains("flownurture_"), path);
            }
            HttpResponse<String> refused = get(base + "/metrics", true);
            assertEquals(404, refused.statusCode(), "a client behind a proxy, even one on this machine");
            assertTrue(refused.body().contains("\"statusCode\":404"), refused.body());
            assertFalse(refused.body().contains("flownurture_"), refused.body());
            assertEquals(200, get(base + "/health", true).statusCode(), "the rest of the API answers that client");
        }
    }

    @Test
    void metricsPublicOrAPortOfItsOwnOpensIt() throws Exception {
        try (TestApp server = TestApp.start(Map.of("metrics.public", "true"))) {
            assertEquals(200, get("http://127.0.0.1:" + server.app().port() + "/metrics", true).statusCode());
        }
        try (TestApp server = TestApp.start(Map.of("metrics.port", "0"))) {
            assertEquals(200, get("http://127.0.0.1:" + server.app().metricsPort() + "/metrics", true)
                    .statusCode());
        }
    }

    private static HttpResponse<String> get(String url, boolean forwarded) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (forwarded) {
            request.header("X-Forwarded-For", "203.0.113.7");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
