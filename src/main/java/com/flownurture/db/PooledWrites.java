package com.flownurture.db;

import java.sql.Connection;
import java.util.function.Function;
import java.util.function.LongConsumer;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

/**
 * PostgreSQL's write path: each write runs on the caller's thread in a transaction of its own on a pooled connection.
 * PostgreSQL locks rows, not the file, so concurrent writes need no single writer, and several server instances
 * write to one database at once; statements that must not race (the engine's claims) say so in their SQL
 * ({@code FOR UPDATE SKIP LOCKED}, guarded updates). A virtual thread may wait inside pgjdbc, which blocks on Java
 * locks and sockets and so unmounts. Thread-safe.
 */
final class PooledWrites implements WritePath {

    /** The write transaction this thread is inside, so a nested {@link #write} joins it. */
    private final ThreadLocal<DbTransaction> current = new ThreadLocal<>();
    /** Told how long each committed transaction took, BEGIN to COMMIT, in nanoseconds (metrics). */
    private volatile LongConsumer commits = nanos -> { };
    private volatile DbClient client;
    private volatile boolean closed;

    @Override
    public void start(DbClient client) {
        this.client = client;
    }

    @Override
    public void track(Connection connection) {
        // pgjdbc connections recover from a failed transaction by rolling back; none need evicting.
    }

    /** Reports the duration of every committed transaction to {@code observer}, on the thread that wrote. */
    @Override
    public void onCommit(LongConsumer observer) {
        this.commits = observer;
    }

    @Override
    public <T> T write(Function<DbTransaction, T> work) {
        DbTransaction outer = current.get();
        if (outer != null) {
            return work.apply(outer);
        }
        if (closed) {
            throw new DatabaseUnavailableException("the database is closed", null);
        }
        long started = System.nanoTime();
        DbTransaction tx = client.transaction();
        current.set(tx);
        try {
            T result = work.apply(tx);
            tx.commit();
            commits.accept(System.nanoTime() - started);
            return result;
        } catch (RuntimeException | Error e) {
            try {
                tx.rollback();
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            if (SqlErrors.isUnavailable(e) && !(e instanceof DatabaseUnavailableException)) {
                throw new DatabaseUnavailableException("write failed", e);
            }
            throw e;
        } finally {
            current.remove();
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
