package com.flownurture.common;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How this server signs a webhook post: {@code X-FlowNurture-Signature: v1=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">} keyed by a secret of the organization, with the timestamp in {@code X-FlowNurture-Timestamp}
 * (epoch seconds) and the id receivers deduplicate on in {@code X-FlowNurture-Delivery}. Both senders (the
 * workflows' WEBHOOK step and the subscriptions' outbox) sign through {@link #headers}; the generic bounce hook
 * checks posts signed the same way through {@link #sign(String, String, byte[])}. Here, in the lowest layer, so that
 * all three use this one implementation.
 */
public final class WebhookSignature {

    public static final String SIGNATURE = "X-FlowNurture-Signature";
    public static final String TIMESTAMP = "X-FlowNurture-Timestamp";
    public static final String DELIVERY = "X-FlowNurture-Delivery";

    private WebhookSignature() {
    }

    /** The signature header's value for a timestamp in epoch seconds. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        return sign(secret, Long.toString(timestampSeconds), body);
    }

    /**
     * The signature header's value for a timestamp as its header's text: a receiver checks what was signed, which is
     * the text it was sent, not a number read from it.
     */
    public static String sign(String secret, String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1=" + Signatures.hmacSha256Hex(secret, signed);
    }

    /** The headers that sign one post: timestamp, signature and delivery id, in that order. */
    public static Map<String, String> headers(String secret, long timestampSeconds, String deliveryId, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP, Long.toString(timestampSeconds));
        headers.put(SIGNATURE, sign(secret, timestampSeconds, body));
        headers.put(DELIVERY, deliveryId);
        return headers;
    }
}
