package com.flownurture.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Disconnects a client whose request headers, or whose JSON body, take longer than the read timeout to arrive: a
 * slowloris, or a body trickled a byte at a time. Helidon's own timeouts only close connections with no request
 * in progress.
 *
 * <p>Each connection is served by one virtual thread, which reads the request from the socket. As a receive
 * listener, the guard hears of a request line, which starts the clock, and of the headers being complete, which
 * stops it; a body read is timed by {@link #reading}. A watchdog interrupts a thread whose clock has run past the
 * timeout: interrupting a virtual thread blocked on a socket closes the socket, and the connection ends. (A request
 * line that stalls is the server's own business: the connection still counts as idle and its idle timeout closes
 * it.) Thread-safe.
 */
public final class SlowRequestGuard implements Http1ConnectionListener, AutoCloseable {

    private final long timeoutNanos;
    /** Threads reading a request now, with the time their current read began. */
    private final Map<Thread, Long> reading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    public SlowRequestGuard(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("slow-request-guard").daemon().factory());
        long period = Math.max(100, Math.min(1000, timeout.toMillis() / 4));
        watchdog.scheduleAtFixedRate(this::disconnectLate, period, period, TimeUnit.MILLISECONDS);
    }

    /** A request line has arrived: the clock for its headers starts. */
    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        reading.put(Thread.currentThread(), System.nanoTime());
    }

    /** Not used: the server reports the request's parts, not its bytes, to receive listeners. */
    @Override
    public void data(ConnectionContext ctx, BufferData data) {
    }

    @Override
    public void data(ConnectionContext ctx, byte[] bytes, int offset, int length) {
    }

    /** The guard, in the context of every request, for {@link #reading}. */
    public void register(ServerRequest req) {
        req.context().register(SlowRequestGuard.class, this);
    }

    /** Reads a request's body under the same deadline as its headers. */
    public static <T> T reading(ServerRequest req, Supplier<T> read) {
        SlowRequestGuard guard = req.context().get(SlowRequestGuard.class, SlowRequestGuard.class).orElse(null);
        if (guard == null) {
            return read.get();
        }
        Thread thread = Thread.currentThread();
        guard.reading.put(thread, System.nanoTime());
        try {
            return read.get();
        } finally {
            guard.reading.remove(thread);
        }
    }

    /** The headers are complete: the request is no longer at the client's pace. */
    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        reading.remove(Thread.currentThread());
    }

    private void disconnectLate() {
        long now = System.nanoTime();
        reading.forEach((thread, since) -> {
            // remove(key, value): a thread whose read has just ended, or begun again, is left alone.
            if (now - since > timeoutNanos && reading.remove(thread, since)) {
                thread.interrupt();
            }
        });
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
