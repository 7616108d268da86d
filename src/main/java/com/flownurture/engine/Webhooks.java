package com.flownurture.engine;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.flownurture.common.TargetPolicy;

/**
 * Webhook signatures: {@code X-FlowNurture-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">} keyed by the
 * organization's webhook secret, with the timestamp in {@code X-FlowNurture-Timestamp} (epoch seconds).
 */
public final class Webhooks {

    public static final String SIGNATURE = "X-FlowNurture-Signature";
    public static final String TIMESTAMP = "X-FlowNurture-Timestamp";
    public static final String DELIVERY = "X-FlowNurture-Delivery";

    private Webhooks() {
    }

    /**
     * A failed call as recorded for the key holder: the exception's kind and message, except for a refused target,
     * which is only named as such (what its name resolved to is none of the key holder's business).
     */
    public static String failure(Exception error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TargetPolicy.RefusedException) {
                return TargetPolicy.RefusedException.MESSAGE;
            }
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    /** The signature header's value. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
