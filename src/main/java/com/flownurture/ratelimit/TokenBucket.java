package com.flownurture.ratelimit;

/**
 * A token bucket: {@code capacity} tokens, refilled continuously at {@code capacity} per minute. Thread-safe: one
 * lock per bucket, held for a few arithmetic operations, so concurrent requests never over-admit.
 */
public final class TokenBucket {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final int capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updatedNanos;

    /**
     * @param capacity the burst size and the per-minute rate
     * @param nowNanos the current time on the caller's monotonic clock
     */
    public TokenBucket(int capacity, long nowNanos) {
        this.capacity = capacity;
        this.tokensPerNano = (double) capacity / NANOS_PER_MINUTE;
        this.tokens = capacity;
        this.updatedNanos = nowNanos;
    }

    /**
     * The outcome of one attempt to take a token.
     *
     * @param allowed           whether a token was taken
     * @param remaining         whole tokens left
     * @param retryAfterSeconds when refused: whole seconds until a token is free (at least 1)
     * @param resetSeconds      whole seconds until the bucket is full again
     */
    public record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds, long resetSeconds) {
    }

    /** Takes one token if there is one. */
    public synchronized Decision tryTake(long nowNanos) {
        refill(nowNanos);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        return decision(allowed, capacity, tokens, tokensPerNano * 1_000_000_000d);
    }

    /**
     * The decision for a bucket of {@code capacity} refilled at {@code capacity} per minute that holds
     * {@code tokens} after the attempt, for buckets kept elsewhere (in the database, shared by instances).
     */
    public static Decision decision(boolean allowed, int capacity, double tokens) {
        return decision(allowed, capacity, tokens, capacity / 60d);
    }

    private static Decision decision(boolean allowed, int capacity, double tokens, double tokensPerSecond) {
        long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerSecond));
        long reset = (long) Math.ceil((capacity - tokens) / tokensPerSecond);
        return new Decision(allowed, capacity, (int) Math.floor(tokens), retryAfter, reset);
    }

    /** Whether a token is free now, without taking it. */
    public synchronized boolean hasToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            updatedNanos = nowNanos;
        }
    }
}
