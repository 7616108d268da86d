package com.flownurture.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polls a condition that background work (or another process) makes true. */
public final class Await {

    private Await() {
    }

    /** Waits until the condition holds, failing after the timeout. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        value(timeout, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Waits until {@code value} gives something other than null, and returns it; fails after the timeout. */
    public static <T> T value(Duration timeout, String what, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T found = value.get();
            if (found != null) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            pause(Duration.ofMillis(10));
        }
    }

    /**
     * Sleeps, for a test that paces its own load (a soak's clients, a chaos run's kills): never to wait for a result,
     * which {@link #until} does.
     */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
