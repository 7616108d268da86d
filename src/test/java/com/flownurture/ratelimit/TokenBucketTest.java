package com.flownurture.ratelimit;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAdmitsItsCapacityThenRefuses() {
        TokenBucket bucket = new TokenBucket(60, 0);
        for (int i = 0; i < 60; i++) {
            assertTrue(bucket.tryTake(0).allowed());
        }
        TokenBucket.Decision refused = bucket.tryTake(0);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(60, refused.resetSeconds());
    }

    @Test
    void itRefillsContinuously() {
        TokenBucket bucket = new TokenBucket(60, 0);
        for (int i = 0; i < 60; i++) {
            bucket.tryTake(0);
        }
        assertFalse(bucket.tryTake(SECOND / 2).allowed());
        assertTrue(bucket.tryTake(SECOND).allowed(), "one token a second at 60 per minute");
        assertFalse(bucket.tryTake(SECOND).allowed());
        assertEquals(59, bucket.tryTake(100 * SECOND).remaining(), "never above capacity");
    }

    @Test
    void retryAfterIsTheWaitForOneTokenInWholeSeconds() {
        TokenBucket bucket = new TokenBucket(6, 0);
        for (int i = 0; i < 6; i++) {
            bucket.tryTake(0);
        }
        assertEquals(10, bucket.tryTake(0).retryAfterSeconds());
        assertEquals(5, bucket.tryTake(5 * SECOND).retryAfterSeconds());
    }

    @Test
    void concurrentTakersNeverOverAdmit() throws Exception {
        TokenBucket bucket = new TokenBucket(1000, 0);
        AtomicInteger admitted = new AtomicInteger();
        Thread[] threads = new Thread[16];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    if (bucket.tryTake(0).allowed()) {
                        admitted.incrementAndGet();
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1000, admitted.get());
    }
}
