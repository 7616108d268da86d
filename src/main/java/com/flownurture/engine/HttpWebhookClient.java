package com.flownurture.engine;

import java.time.Duration;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

/** Webhook calls with Helidon's WebClient. Thread-safe. */
public final class HttpWebhookClient implements WebhookClient {

    private final WebClient client = WebClient.builder().followRedirects(false).build();

    @Override
    public int post(String url, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpClientRequest request = client.post().uri(java.net.URI.create(url)).readTimeout(timeout)
                .header(HeaderNames.CONTENT_TYPE, "application/json");
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        try (HttpClientResponse response = request.submit(body)) {
            return response.status().code();
        }
    }
}
