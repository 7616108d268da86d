package com.flownurture.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

import com.flownurture.db.AdHoc;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared bucket as two instances use it (two limiters over one database; the server's own limiter plays no
 * part), with the wall clock held still so that nothing refills unless a test moves it.
 */
class SharedRateLimiterTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private final Database db = server.app().components().db();
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

    @Test
    void aHighLimitIsTakenInLeasesAndTheInstancesTogetherNeverAdmitMoreThanIt() {
        SharedRateLimiter one = new SharedRateLimiter(db, 6000, now::get);
        SharedRateLimiter two = new SharedRateLimiter(db, 6000, now::get);
        String key = "lease-" + now.get();
        assertTrue(one.tryTake(key).allowed());
        assertTrue(two.tryTake(key).allowed());
        // A lease is a tenth of a second's refill (10 of 6,000 a minute): the row gave each instance 10 at once,
        // and the third request is spent from one's lease without touching it.
        TokenBucket.Decision third = one.tryTake(key);
        assertTrue(third.allowed());
        assertEquals(5980, tokensInRow(key));
        assertEquals(5998, third.remaining(), "the row's 5,990 when this lease was taken, and the 8 left in it");
        int allowed = 3;
        for (int i = 0; i < 6100; i++) {
            if ((i % 2 == 0 ? two : one).tryTake(key).allowed()) {
                allowed++;
            }
        }
        assertEquals(6000, allowed);
        assertFalse(one.tryTake(key).allowed());
        assertFalse(two.tryTake(key).allowed());
    }

    @Test
    void aLeaseUnspentWithinASecondIsNotGivenBackSoTheLimitOnlyGetsStricter() {
        SharedRateLimiter one = new SharedRateLimiter(db, 6000, now::get);
        String key = "expiry-" + now.get();
        assertTrue(one.tryTake(key).allowed());
        now.addAndGet(1_000);
        // A second refilled 100 tokens: the row is full again (capped at 6,000) and the 9 left in the lease are gone.
        assertTrue(one.tryTake(key).allowed());
        assertEquals(5990, tokensInRow(key));
    }

    @Test
    void aLowLimitTakesOneTokenAtATime() {
        SharedRateLimiter one = new SharedRateLimiter(db, 60, now::get);
        SharedRateLimiter two = new SharedRateLimiter(db, 60, now::get);
        String key = "low-" + now.get();
        for (int i = 0; i < 60; i++) {
            TokenBucket.Decision d = (i % 2 == 0 ? one : two).tryTake(key);
            assertTrue(d.allowed(), "request " + i);
            assertEquals(59 - i, d.remaining());
            assertEquals(59 - i, tokensInRow(key));
        }
        assertFalse(one.tryTake(key).allowed());
        assertFalse(two.tryTake(key).allowed());
    }

    private long tokensInRow(String key) {
        return db.one(AdHoc.sql("SELECT tokens FROM rate_buckets WHERE bucket_key = :key"), Params.of("key", key),
                row -> Math.round(((Number) row.get("tokens")).doubleValue())).orElseThrow();
    }
}
