package com.flownurture.bounces;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import com.flownurture.common.Sha256;

/**
 * What identifies an accepted bounce post, so that the same post sent again counts once: a SHA-256 digest of the
 * provider's name and what its scheme makes unique (a signature, a token, a message id), remembered until
 * {@code expiresAt}, when the post's timestamp has left the window and the window refuses it by itself.
 *
 * @param key       the digest, in hex
 * @param expiresAt epoch milliseconds
 */
public record Replay(String key, long expiresAt) {

    /** The replay of the post that {@code parts} identify, for {@code provider}. */
    static Replay of(long expiresAt, String provider, byte[]... parts) {
        MessageDigest digest = Sha256.digest();
        digest.update(provider.getBytes(StandardCharsets.UTF_8));
        for (byte[] part : parts) {
            // The length first, so that ("ab", "c") and ("a", "bc") differ.
            digest.update(("\n" + part.length + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(part);
        }
        return new Replay(HexFormat.of().formatHex(digest.digest()), expiresAt);
    }

    /** {@link #of(long, String, byte[]...)} of text parts. */
    static Replay of(long expiresAt, String provider, String... parts) {
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return of(expiresAt, provider, bytes);
    }
}
