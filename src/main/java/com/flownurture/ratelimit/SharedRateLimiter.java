package com.flownurture.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;

/**
 * Token buckets in the database ({@code rate_buckets}), so that instances sharing a PostgreSQL database share each
 * key's budget: 60 a minute is 60 across all of them. One upsert refills and takes under the row's lock (statement
 * {@code rate-take}), so concurrent requests on any instance never over-admit. Time is the wall clock in
 * milliseconds, which instances agree on (NTP); SQLite's single process keeps the in-process bucket instead
 * ({@link RateLimiter}). Thread-safe.
 *
 * <p>A key with a high limit would make its bucket's row the bottleneck: every request of that key, on every
 * instance, queues for the same row lock (the PostgreSQL benchmark saw one key's point reads capped near 4,500/s).
 * So an instance takes a tenth of a second's refill at once ({@link #lease}) and spends it locally for at most a
 * second. Tokens left in a lease that runs out of time are not given back: the limit can only be stricter than
 * configured, never looser, and by at most one lease per instance. At 60 a minute a lease is one token, which is
 * the row-per-request behaviour exactly.
 */
public final class SharedRateLimiter implements Limiter {

    private static final long LEASE_MILLIS = 1_000;

    private final Database db;
    private final Statement take;
    private final Statement expire;
    private final int perMinute;
    private final int lease;
    private final LongSupplier millis;
    /** Each key's tokens taken from the shared bucket and not yet spent here. */
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    /** When buckets were last expired (see {@link #expire}). */
    private final AtomicLong expired = new AtomicLong();

    /** Tokens an instance holds for a key: {@code left} to spend until {@code until}; {@code shared} was left there. */
    private static final class Lease {
        private int left;
        private final long until;
        private final double shared;

        Lease(int left, long until, double shared) {
            this.left = left;
            this.until = until;
            this.shared = shared;
        }

        /** Spends a token if one is left in time; the tokens left everywhere after it, or -1. */
        synchronized double spend(long now) {
            if (left == 0 || now >= until) {
                return -1;
            }
            left--;
            return shared + left;
        }
    }

    /**
     * @param perMinute requests per minute, which is also the burst
     * @param millis    the wall clock in milliseconds (the server's clock: the system's in production)
     */
    public SharedRateLimiter(Database db, int perMinute, LongSupplier millis) {
        this.db = db;
        this.take = db.statement("rate-take");
        this.expire = db.statement("rate-expire");
        this.perMinute = perMinute;
        this.lease = Math.max(1, perMinute / 600);
        this.millis = millis;
    }

    @Override
    public TokenBucket.Decision tryTake(String key) {
        long now = millis.getAsLong();
        Lease held = leases.get(key);
        double left = held == null ? -1 : held.spend(now);
        if (left >= 0) {
            return TokenBucket.decision(true, perMinute, left);
        }
        expire(now);
        Map<String, Object> params = Params.of("key", key, "capacity", perMinute, "perMilli", perMinute / 60_000d,
                "want", lease, "fresh", perMinute - lease, "now", now);
        return db.write(tx -> tx.one(take, params, row -> {
            int taken = (int) row.longValue("allowed");
            double shared = ((Number) row.get("tokens")).doubleValue();
            if (taken > 1) {
                leases.put(key, new Lease(taken - 1, now + LEASE_MILLIS, shared));
            }
            return TokenBucket.decision(taken > 0, perMinute, shared + Math.max(0, taken - 1));
        }).orElseThrow());
    }

    /**
     * Once a minute, forgets the buckets untouched for two: they have refilled completely, as a new one starts, so
     * the table holds only the keys in use. Leases past their time go too.
     */
    private void expire(long now) {
        long last = expired.get();
        if (now - last >= 60_000 && expired.compareAndSet(last, now)) {
            leases.values().removeIf(l -> l.until <= now);
            db.write(tx -> tx.update(expire, Params.of("before", now - 120_000)));
        }
    }
}
