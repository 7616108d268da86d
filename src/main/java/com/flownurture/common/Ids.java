package com.flownurture.common;

import java.security.SecureRandom;

/**
 * Opaque, unguessable, URL-safe identifiers in the manner of cuid: {@code c}, the creation time in milliseconds
 * (8 base-36 characters), then 16 random base-36 characters (about 82 bits from {@code SecureRandom}). The time
 * prefix keeps new rows together in every B-tree index (inserts append instead of scattering over the file); the
 * random part keeps ids impossible to guess or enumerate. The time an id reveals is its row's {@code createdAt},
 * which the API shows anyway.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_CHARS = 8;
    private static final int RANDOM_CHARS = 16;

    private Ids() {
    }

    /** A new identifier of 25 characters. Thread-safe. */
    public static String newId() {
        char[] id = new char[1 + TIME_CHARS + RANDOM_CHARS];
        id[0] = 'c';
        long time = System.currentTimeMillis();
        for (int i = TIME_CHARS; i >= 1; i--) {
            id[i] = ALPHABET[(int) (time % 36)];
            time /= 36;
        }
        byte[] bytes = new byte[RANDOM_CHARS];
        RANDOM.nextBytes(bytes);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            // 252 = 7 × 36: dropping 252..255 keeps every character equally likely.
            int b = bytes[i] & 0xff;
            while (b >= 252) {
                b = RANDOM.nextInt(256);
            }
            id[1 + TIME_CHARS + i] = ALPHABET[b % 36];
        }
        return new String(id);
    }
}
