package com.flownurture.db;

import java.security.SecureRandom;

/** Opaque, unguessable, URL-safe identifiers: {@code c} and 24 random base-36 characters (about 124 bits). */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    /** A new identifier. Thread-safe. */
    public static String newId() {
        char[] id = new char[25];
        id[0] = 'c';
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) {
            id[i + 1] = ALPHABET[(bytes[i] & 0xff) % ALPHABET.length];
        }
        return new String(id);
    }
}
