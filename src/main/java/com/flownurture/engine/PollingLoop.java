package com.flownurture.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import com.flownurture.common.Signal;

/**
 * A platform thread that does a round of work, and sleeps a tick (or until signalled) whenever a round found
 * nothing to do. A failed round is logged and retried after a tick. Closing lets the round in hand finish.
 */
public final class PollingLoop implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PollingLoop.class.getName());
    /** How soon an empty round started by a wake-up is followed by another. */
    private static final Duration RECHECK = Duration.ofMillis(20);

    private final Signal wakeup;
    private final Duration tick;
    private final IntSupplier round;
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    /**
     * @param round one round of work; returns how much it did (0 means sleep until the next tick or signal)
     */
    public PollingLoop(String name, Signal wakeup, Duration tick, IntSupplier round) {
        this.wakeup = wakeup;
        this.tick = tick;
        this.round = round;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    /** Starts the thread. */
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            boolean woken = false;
            while (running) {
                int done;
                try {
                    done = round.getAsInt();
                    rounds.incrementAndGet();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, thread.getName() + " round failed; retrying after a tick", e);
                    done = 0;
                }
                if (done == 0 && running) {
                    // A wake-up is often sent from inside the transaction that writes the work (a trigger's
                    // enrollment, a step's email), so the round it starts may run before the commit: after an
                    // empty round that a wake-up started, look again soon rather than a whole tick later.
                    woken = wakeup.await(woken && RECHECK.compareTo(tick) < 0 ? RECHECK : tick);
                } else {
                    woken = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many rounds have completed without an error. A test that asserts that the loop did not act on something
     * waits for this to move by two (the round in progress may have read the database before), as with
     * {@link Engine#ticks()}. Thread-safe.
     */
    public long rounds() {
        return rounds.get();
    }

    @Override
    public void close() {
        running = false;
        wakeup.wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
