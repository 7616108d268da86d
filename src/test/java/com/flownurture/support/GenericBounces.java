package com.flownurture.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Posts to the generic bounce hook, signed as a sender signs them (for tests in more than one package). */
public final class GenericBounces {

    /** One soft bounce of soft@example.com. */
    public static final String SOFT = "{\"events\":[{\"type\":\"SOFT_BOUNCE\",\"email\":\"soft@example.com\","
            + "\"detail\":\"452 4.2.2 mailbox full\"}]}";

    private GenericBounces() {
    }

    /** The signature headers: {@code v1=} hex HMAC-SHA256 of {@code "<timestamp>.<body>"} under {@code secret}. */
    public static Map<String, String> sign(long timestamp, String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hex = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
            return Map.of("X-FlowNurture-Timestamp", Long.toString(timestamp), "X-FlowNurture-Signature", "v1=" + hex);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code body} signed now by the server's clock with {@code secret}, posted for the organization. */
    public static Http.Response postSigned(TestApp server, String orgId, String body, String secret) {
        return post(server, orgId, body, sign(server.clock().millis() / 1000, body, secret));
    }

    /** A post to {@code /hooks/bounces/generic/{orgId}} with the given headers. */
    public static Http.Response post(TestApp server, String orgId, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/hooks/bounces/generic/"
                + orgId)).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), null, response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
