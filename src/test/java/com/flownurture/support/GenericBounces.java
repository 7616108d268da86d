package com.flownurture.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.http.Method;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;

/** Posts to the generic bounce hook, signed as a sender signs them (for tests in more than one package). */
public final class GenericBounces {

    /** One soft bounce of soft@example.com. */
    public static final String SOFT = obj("events", arr(obj("type", "SOFT_BOUNCE", "email", "soft@example.com",
            "detail", "452 4.2.2 mailbox full"))).toString();

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
        return server.http().send(Method.POST, "/hooks/bounces/generic/" + orgId, headers, "application/json", body);
    }
}
