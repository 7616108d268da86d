package com.flownurture.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

import com.flownurture.common.TargetPolicy;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.DnsAddressLookup;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.spi.DnsResolver;

/**
 * Webhook calls with Helidon's WebClient, on the terms of a {@link TargetPolicy}: the host is resolved and checked
 * by the policy right before connecting, and the connection goes to exactly the address checked (no proxy); no
 * redirect is followed; at most {@value #MAX_RESPONSE_BYTES} bytes of the answer are read; connecting and each read
 * are bounded by the timeout. Thread-safe.
 */
public final class HttpWebhookClient implements WebhookClient {

    /** The most of a receiver's answer read; the rest is dropped with the connection. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final WebClient client;

    public HttpWebhookClient(TargetPolicy targets, Duration connectTimeout) {
        this.client = WebClient.builder()
                .followRedirects(false)
                .proxy(Proxy.noProxy())
                .connectTimeout(connectTimeout)
                .dnsResolver(new CheckedResolver(targets))
                .build();
    }

    @Override
    public int post(String url, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpClientRequest request = client.post().uri(java.net.URI.create(url)).readTimeout(timeout)
                .header(HeaderNames.CONTENT_TYPE, "application/json");
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        try (HttpClientResponse response = request.submit(body)) {
            drain(response.inputStream());
            return response.status().code();
        }
    }

    /** Reads (and drops) the answer up to the limit, so a short one leaves the connection reusable. */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        int total = 0;
        try (in) {
            int n;
            while (total < MAX_RESPONSE_BYTES && (n = in.read(buffer, 0, Math.min(buffer.length,
                    MAX_RESPONSE_BYTES - total))) > 0) {
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves through the policy, so the address connected to is the one it allowed. */
    private record CheckedResolver(TargetPolicy targets) implements DnsResolver {

        @Override
        public boolean useDefaultJavaResolver() {
            return false;
        }

        @Override
        public InetAddress resolveAddress(String hostname, DnsAddressLookup lookup) {
            try {
                return targets.resolve(hostname);
            } catch (UnknownHostException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
