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
import com.flownurture.db.Params;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;

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
    private final Statement insert;
    private final Statement get;
    private final Statement touch;
    private final Statement delete;
    private final Statement deleteExpired;

    public Sessions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.insert = db.statement("session-insert");
        this.get = db.statement("session-get");
        this.touch = db.statement("session-touch");
        this.delete = db.statement("session-delete");
        this.deleteExpired = db.statement("session-delete-expired");
    }

    /** A live session: its user and the CSRF token every form and htmx request of it must carry. */
    public record Session(String idHash, User user, String csrfToken) {
    }

    /** A stored session as read, expired or not, with its user. */
    private record Found(User user, String csrfToken, long created, long lastSeen) {
        static Found from(Row row) {
            return new Found(UserRepository.toUser(row), row.string("csrf_token"), row.longValue("session_created_at"),
                    row.longValue("last_seen_at"));
        }
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
        db.write(tx -> tx.update(insert, Params.of("hash", hash, "user", user.id(), "csrf", csrf, "now", now)));
        return new Started(value, new Session(hash, user, csrf));
    }

    /** The live session a cookie value names; an expired one is deleted and not returned. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        String hash = Sha256.hex(cookieValue);
        return db.one(get, Params.of("hash", hash), Found::from).flatMap(found -> {
            long now = clock.millis();
            if (now - found.lastSeen() >= IDLE.toMillis() || now - found.created() >= ABSOLUTE.toMillis()) {
                end(hash);
                return Optional.empty();
            }
            if (now - found.lastSeen() >= TOUCH_EVERY_MS) {
                db.write(tx -> tx.update(touch, Params.of("hash", hash, "now", now)));
            }
            return Optional.of(new Session(hash, found.user(), found.csrfToken()));
        });
    }

    /** Ends a session (sign-out). */
    public void end(String idHash) {
        db.write(tx -> tx.update(delete, Params.of("hash", idHash)));
    }

    /** Drops every expired session; run now and then so abandoned ones do not pile up. */
    public long deleteExpired() {
        long now = clock.millis();
        return db.write(tx -> tx.update(deleteExpired, Params.of("idleBefore", now - IDLE.toMillis(),
                "createdBefore", now - ABSOLUTE.toMillis())));
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
