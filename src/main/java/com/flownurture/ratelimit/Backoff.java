package com.flownurture.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Exponential backoff per key (a sign-in's account and client address): the first {@code freeFailures} failures
 * cost nothing, each further one makes the key wait {@code firstWait}, then twice that, and so on up to
 * {@code maxWait}; a success forgets them, and so does a {@code forgetAfter} without a failure.
 *
 * <p>Every try that is let through counts as a failure the moment it is let through, until {@link #succeeded}
 * says otherwise, so concurrent tries cannot all slip in before the first failure is written. A try made while
 * the key waits is refused and counts for nothing, so hammering a waiting key does not make the wait longer.
 * Thread-safe: each key's state changes inside one atomic compute.
 */
public final class Backoff {

    private record Failures(int count, long lastMillis, long notBeforeMillis) {
        static final Failures NONE = new Failures(0, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    private final int freeFailures;
    private final long firstWaitMillis;
    private final long maxWaitMillis;
    private final long forgetAfterMillis;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    /**
     * @param clock the server's clock (a controllable one in tests); a step back in time only makes a wait longer
     */
    public Backoff(int freeFailures, Duration firstWait, Duration maxWait, Duration forgetAfter, Clock clock) {
        this.freeFailures = freeFailures;
        this.firstWaitMillis = firstWait.toMillis();
        this.maxWaitMillis = maxWait.toMillis();
        this.forgetAfterMillis = forgetAfter.toMillis();
        this.clock = clock;
        // Only a bound on memory: whether a key's failures are forgotten is decided on the server's clock below.
        this.failures = Caffeine.newBuilder()
                .expireAfterWrite(forgetAfter)
                .maximumSize(1_000_000)
                .build();
    }

    /**
     * Takes a try for the key.
     *
     * @return zero when the try may go ahead (counted as a failure until {@link #succeeded}), else how long the key
     *         must still wait
     */
    public Duration tryAttempt(String key) {
        AtomicReference<Duration> wait = new AtomicReference<>(Duration.ZERO);
        failures.asMap().compute(key, (k, old) -> {
            long now = clock.millis();
            Failures current = old == null || now - old.lastMillis() >= forgetAfterMillis ? Failures.NONE : old;
            if (now < current.notBeforeMillis()) {
                wait.set(Duration.ofMillis(current.notBeforeMillis() - now));
                return current;
            }
            int count = current.count() + 1;
            return new Failures(count, now, now + waitAfter(count));
        });
        return wait.get();
    }

    /** The try was right: the key starts again from nothing. */
    public void succeeded(String key) {
        failures.invalidate(key);
    }

    /** How long the key waits after its {@code count}th failure. */
    long waitAfter(int count) {
        if (count < freeFailures) {
            return 0;
        }
        // Past 2^30 times the first wait the cap has long been reached; the shift must not overflow.
        int doublings = Math.min(count - freeFailures, 30);
        return Math.min(maxWaitMillis, firstWaitMillis << doublings);
    }
}
