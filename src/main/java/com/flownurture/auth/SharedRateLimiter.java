package com.flownurture.auth;

import java.util.function.LongSupplier;

import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.ratelimit.Limiter;
import com.flownurture.ratelimit.TokenBucket;

/**
 * Token buckets in the database ({@code rate_buckets}), so that instances sharing a PostgreSQL database share each
 * key's budget: 60 a minute is 60 across all of them. One upsert per request refills and takes under the row's lock
 * (statement {@code rate-take}), so concurrent requests on any instance never over-admit. Time is the wall clock
 * in milliseconds, which instances agree on (NTP); SQLite's single process keeps the in-process bucket instead
 * ({@link com.flownurture.ratelimit.RateLimiter}). Thread-safe.
 */
public final class SharedRateLimiter implements Limiter {

    private final Database db;
    private final int perMinute;
    private final LongSupplier millis;
    /** When buckets were last expired (see {@link #expire}). */
    private final java.util.concurrent.atomic.AtomicLong expired = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param perMinute requests per minute, which is also the burst
     * @param millis    the wall clock ({@code System::currentTimeMillis} outside tests)
     */
    public SharedRateLimiter(Database db, int perMinute, LongSupplier millis) {
        this.db = db;
        this.perMinute = perMinute;
        this.millis = millis;
    }

    @Override
    public TokenBucket.Decision tryTake(String key) {
        long now = millis.getAsLong();
        expire(now);
        return db.write(tx -> tx.createNamedGet("rate-take").addParam("key", key).addParam("capacity", perMinute)
                .addParam("perMilli", perMinute / 60_000d).addParam("now", now).execute()
                .map(row -> TokenBucket.decision(Rows.longValue(row, "allowed") == 1, perMinute,
                        ((Number) row.column("tokens").get()).doubleValue()))
                .orElseThrow());
    }

    /**
     * Once a minute, forgets the buckets untouched for two: they have refilled completely, as a new one starts, so
     * the table holds only the keys in use.
     */
    private void expire(long now) {
        long last = expired.get();
        if (now - last >= 60_000 && expired.compareAndSet(last, now)) {
            db.write(tx -> tx.createNamedDelete("rate-expire").addParam("before", now - 120_000).execute());
        }
    }
}
