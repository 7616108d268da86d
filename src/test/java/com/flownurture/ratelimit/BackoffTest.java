package com.flownurture.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.flownurture.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T00:00:00Z"));
    private final Backoff backoff = new Backoff(3, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofHours(24),
            clock);

    @Test
    void freeFailuresThenAWaitThatDoublesUpToTheCap() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, backoff.tryAttempt("k"), "free failure " + (i + 1));
        }
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Duration wait = backoff.tryAttempt("k");
            waits.add(wait.toSeconds());
            clock.advance(wait);
            assertEquals(Duration.ZERO, backoff.tryAttempt("k"));
        }
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 60L, 60L), waits);
        assertEquals(Duration.ZERO, backoff.tryAttempt("other"), "keys are apart");
    }

    @Test
    void refusedTriesCostNothingAndASuccessForgets() {
        for (int i = 0; i < 3; i++) {
            backoff.tryAttempt("k");
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(Duration.ofSeconds(2), backoff.tryAttempt("k"), "hammering does not lengthen the wait");
        }
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ZERO, backoff.tryAttempt("k"));
        backoff.succeeded("k");
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, backoff.tryAttempt("k"), "a success starts again from nothing");
        }
    }

    @Test
    void failuresAreForgottenADayAfterTheLast() {
        for (int i = 0; i < 10; i++) {
            clock.advance(backoff.tryAttempt("k"));
        }
        clock.advance(Duration.ofHours(24));
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, backoff.tryAttempt("k"), "forgotten");
        }
        assertEquals(Duration.ofSeconds(2), backoff.tryAttempt("k"));
    }

    @Test
    void concurrentTriesGetNoMoreThanTheFreeFailures() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Duration>> tries = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tries.add(() -> backoff.tryAttempt("k"));
            }
            long through = 0;
            for (Future<Duration> result : pool.invokeAll(tries)) {
                through += result.get().isZero() ? 1 : 0;
            }
            assertEquals(3, through, "the clock stands still: only the free failures get through");
        } finally {
            pool.shutdownNow();
        }
    }
}
