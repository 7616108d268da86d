package com.flownurture.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, as the server uses it to store what it only compares (API keys, sessions, opt-in tokens, mailboxes) and
 * to name requests and posts. Each call clones a ready digest: {@code getInstance} walks the security providers
 * every time, and some callers run on every request. Thread-safe.
 */
public final class Sha256 {

    private static final MessageDigest READY = instance();

    private Sha256() {
    }

    /** The SHA-256 of the text's UTF-8 bytes, in lower-case hex. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fresh digest, for input given in parts. */
    public static MessageDigest digest() {
        try {
            return (MessageDigest) READY.clone();
        } catch (CloneNotSupportedException e) {
            return instance();
        }
    }

    private static MessageDigest instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
