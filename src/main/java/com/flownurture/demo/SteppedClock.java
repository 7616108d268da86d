package com.flownurture.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock the demo's history is played on: it stands still until moved, and only forward, so every row the
 * features write while it plays carries a past time of the month being played. Thread-safe (the engine's workers
 * read it).
 */
final class SteppedClock extends Clock {

    private volatile long millis;

    SteppedClock(long millis) {
        this.millis = millis;
    }

    /** Moves the clock to {@code to}; a time before the current one leaves it where it is. */
    void advanceTo(long to) {
        if (to > millis) {
            millis = to;
        }
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the demo's clock is UTC");
    }
}
