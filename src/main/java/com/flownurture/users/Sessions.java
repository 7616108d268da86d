package com.flownurture.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import com.flownurture.common.Sha256;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;

/**
 * Server-side dashboard sessions. The cookie carries 256 random bits; the database keeps only their SHA-256, with
 * the session's CSRF token and its times. A session ends after {@link #IDLE} without use, {@link #ABSOLUTE} after
 * sign-in, or at sign-out. Thread-safe.
 */
public final class Sessions {

    /** A session unused this long is over. */
    public static final Duration IDLE = Duration.ofHours(12);
    /** A session is over this long after sign-in, however busy. */
    public static final Duration ABSOLUTE = Duration.ofDays(7);
    /** Activity is written at most this often per session, so reads of pages stay reads. */
    private static final long TOUCH_EVERY_MS = 60_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;

    public Sessions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A live session: its user and the CSRF token every form and htmx request of it must carry. */
    public record Session(String idHash, User user, String csrfToken) {
    }

    /** A session just made: the cookie value exists only here and in the browser. */
    public record Started(String cookieValue, Session session) {
    }

    /** Starts a new session for a user who just signed in (always a new id: no fixation). */
    public Started start(User user) {
        String value = randomToken();
        String csrf = randomToken();
        String hash = Sha256.hex(value);
        long now = clock.millis();
        db.write(tx -> tx.createNamedInsert("session-insert").addParam("hash", hash).addParam("user", user.id())
                .addParam("csrf", csrf).addParam("now", now).execute());
        return new Started(value, new Session(hash, user, csrf));
    }

    /** The live session a cookie value names; an expired one is deleted and not returned. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        String hash = Sha256.hex(cookieValue);
        return db.read(exec -> exec.createNamedGet("session-get").addParam("hash", hash).execute()).flatMap(row -> {
            long now = clock.millis();
            long created = Rows.longValue(row, "session_created_at");
            long lastSeen = Rows.longValue(row, "last_seen_at");
            if (now - lastSeen >= IDLE.toMillis() || now - created >= ABSOLUTE.toMillis()) {
                end(hash);
                return Optional.empty();
            }
            if (now - lastSeen >= TOUCH_EVERY_MS) {
                db.write(tx -> tx.createNamedUpdate("session-touch").addParam("hash", hash).addParam("now", now)
                        .execute());
            }
            return Optional.of(new Session(hash, UserRepository.toUser(row), Rows.string(row, "csrf_token")));
        });
    }

    /** Ends a session (sign-out). */
    public void end(String idHash) {
        db.write(tx -> tx.createNamedDelete("session-delete").addParam("hash", idHash).execute());
    }

    /** Drops every expired session; run now and then so abandoned ones do not pile up. */
    public long deleteExpired() {
        long now = clock.millis();
        return db.write(tx -> tx.createNamedDelete("session-delete-expired")
                .addParam("idleBefore", now - IDLE.toMillis())
                .addParam("createdBefore", now - ABSOLUTE.toMillis()).execute());
    }

    /** Compares a submitted CSRF token with the session's in constant time. */
    public static boolean csrfMatches(Session session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
