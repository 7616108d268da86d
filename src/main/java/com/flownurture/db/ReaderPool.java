package com.flownurture.db;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The platform threads that run reads outside a transaction while the caller waits. A virtual thread inside
 * SQLite's native code pins its carrier, and the default scheduler has one carrier per core: two slow scans used to
 * stall every other request (point reads fell from 17,000 to 200 a second beside them, p99 over a second). Platform
 * threads are scheduled by the OS, so a slow query holds one reader, not the web server. Thread-safe.
 */
final class ReaderPool implements AutoCloseable {

    /** Set on the pool's threads: a read started there runs in place instead of queueing behind itself. */
    private static final ThreadLocal<Boolean> ON_READER = ThreadLocal.withInitial(() -> false);

    private final ThreadPoolExecutor readers;

    /** As many readers as connections: more would only wait for a connection. */
    ReaderPool(Dialect dialect, int size) {
        ThreadFactory threads = Thread.ofPlatform().name(dialect.folder() + "-reader-", 1).daemon().factory();
        this.readers = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> threads.newThread(() -> {
                    ON_READER.set(true);
                    task.run();
                }));
    }

    /** Runs a read on a reader while the caller waits; in place when already on one. */
    <T> T run(Callable<T> read) {
        if (ON_READER.get()) {
            return call(read);
        }
        Future<T> result = readers.submit(read);
        try {
            return result.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException cause -> throw cause;
                case Error cause -> throw cause;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while reading", e);
        }
    }

    /** Reads waiting for a reader now (metrics). */
    int queued() {
        return readers.getQueue().size();
    }

    private static <T> T call(Callable<T> read) {
        try {
            return read.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
