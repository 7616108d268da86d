package com.flownurture.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a shared key and the constant-time comparison of what it makes: the one implementation behind
 * this server's webhook signatures ({@link WebhookSignature}), the bounce providers' signatures it checks and the
 * tracking links' tokens. Thread-safe.
 */
public final class Signatures {

    private static final String HMAC_SHA256 = "HmacSHA256";

    private Signatures() {
    }

    /** The HMAC-SHA256 of {@code data} under {@code key} (its UTF-8 bytes). */
    public static byte[] hmacSha256(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The lower-case hex HMAC-SHA256 of {@code data} under {@code key}. */
    public static String hmacSha256Hex(String key, byte[] data) {
        return HexFormat.of().formatHex(hmacSha256(key, data));
    }

    /** Whether two strings are equal, in time that does not depend on where they differ. */
    public static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
