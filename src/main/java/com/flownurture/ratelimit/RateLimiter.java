package com.flownurture.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

import com.flownurture.common.Times;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Token buckets keyed by a string (an API key id, or a client address), held in Caffeine so idle buckets are
 * dropped. A dropped bucket is full again, which is what an idle client's bucket would be anyway. Thread-safe.
 */
public final class RateLimiter implements Limiter {

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Cache<String, TokenBucket> buckets;

    /**
     * @param perMinute requests per minute, which is also the burst
     * @param clock     the server's clock, read monotonically ({@link Times#monotonicNanos}): the system's in
     *                  production, one the test moves in tests
     */
    public RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.nanoClock = Times.monotonicNanos(clock);
        // A bucket untouched for a minute has refilled completely: forgetting it changes nothing.
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(2))
                .maximumSize(1_000_000)
                .build();
    }

    @Override
    public TokenBucket.Decision tryTake(String key) {
        long now = nanoClock.getAsLong();
        return buckets.get(key, k -> new TokenBucket(perMinute, now)).tryTake(now);
    }

    /** Whether the key's bucket has a token, without taking one. */
    public boolean hasToken(String key) {
        TokenBucket bucket = buckets.getIfPresent(key);
        return bucket == null || bucket.hasToken(nanoClock.getAsLong());
    }
}
