package com.flownurture.users;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import com.flownurture.common.InvalidInputException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password rules, hashing (bcrypt from Spring Security Crypto) and one-time passwords. Thread-safe.
 */
public final class Passwords {

    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused. */
    public static final int MAX_BYTES = 72;

    /** Work factor 11: about 0.1 s per check on one core, slow for a guesser, quick enough for a sign-in. */
    private static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder(11);
    /** A hash that matches nothing, checked when the email is unknown so both failures take the same time. */
    private static final String DUMMY_HASH = ENCODER.encode("no user has this password");
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /**
     * Checks a new password against the rules.
     *
     * @throws InvalidInputException with one line saying what is wrong
     */
    public static void requireValid(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidInputException("password must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInputException("password must be at most " + MAX_BYTES + " bytes");
        }
    }

    /** The bcrypt hash of a valid password. */
    public static String hash(String password) {
        requireValid(password);
        return ENCODER.encode(password);
    }

    /** Whether the password matches the hash; with a null hash, spends the same time and says no. */
    public static boolean matches(String password, String hash) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            ENCODER.matches("", DUMMY_HASH);
            return false;
        }
        if (hash == null) {
            ENCODER.matches(password, DUMMY_HASH);
            return false;
        }
        return ENCODER.matches(password, hash);
    }

    /** A random password of 20 characters (about 116 bits), without look-alike characters. */
    public static String random() {
        char[] chars = new char[20];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
