package com.flownurture.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;

/**
 * The first responses kept per API key and {@code Idempotency-Key} ({@code idempotency_keys}), sealed: some carry
 * a secret shown once (a webhook subscription's), and all carry the organization's data. Kept for
 * {@link #RETENTION}. The HTTP side, which decides when to keep and replay, is {@code http/Idempotency}.
 * Thread-safe.
 */
public final class IdempotencyKeys {

    /** How long a key's response is kept. */
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final long EXPIRE_EVERY_MILLIS = 60_000;

    private final Database db;
    private final Clock clock;
    private final SecretBox secrets;
    private final Statement lock;
    private final Statement get;
    private final Statement insert;
    private final Statement expire;
    private final AtomicLong lastExpiry = new AtomicLong();

    public IdempotencyKeys(Database db, Clock clock, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.secrets = secrets;
        this.lock = db.statement("idempotency-lock");
        this.get = db.statement("idempotency-get");
        this.insert = db.statement("idempotency-insert");
        this.expire = db.statement("idempotency-expire");
    }

    /** A kept first response: the hash of the request it answered, its status and its body. */
    public record Kept(String requestHash, int status, String body) {
    }

    /**
     * Serialises the requests with this key until the transaction ends (by SQLite's single writer, by a PostgreSQL
     * transaction lock on the key, so a concurrent retry sees the first's response) and returns the response kept
     * for it, if any.
     */
    public Optional<Kept> lockAndFind(Tx tx, String keyId, String key) {
        tx.lock(lock, Params.of("keyId", keyId, "key", key));
        return tx.one(get, Params.of("keyId", keyId, "key", key), row -> new Kept(row.string("request_hash"),
                (int) row.longValue("status"),
                secrets.open(StoredSecret.IDEMPOTENT_RESPONSE, keyId, row.string("response"))));
    }

    /** Keeps a first response, in the transaction of the work it answers. */
    public void keep(Tx tx, String keyId, String key, String requestHash, int status, String body) {
        tx.update(insert, Params.of("keyId", keyId, "key", key, "hash", requestHash, "status", status,
                "response", secrets.seal(StoredSecret.IDEMPOTENT_RESPONSE, keyId, body), "now", clock.millis()));
    }

    /** Forgets the responses older than {@link #RETENTION}; at most once a minute, however often it is called. */
    public void expireOld() {
        long now = clock.millis();
        long last = lastExpiry.get();
        if (now - last > EXPIRE_EVERY_MILLIS && lastExpiry.compareAndSet(last, now)) {
            db.write(tx -> tx.update(expire, Params.of("before", now - RETENTION.toMillis())));
        }
    }
}
