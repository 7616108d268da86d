package com.flownurture.common;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes a sleeping loop early: new work was just written. Thread-safe; extra wake-ups coalesce into one. */
public final class Signal {

    private final Semaphore permits = new Semaphore(0);

    /** Wakes the waiter, or makes its next wait return at once. */
    public void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /**
     * Waits until woken or the timeout passes.
     *
     * @return whether it was woken (rather than timed out)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
            return true;
        }
        return false;
    }
}
