package com.flownurture.db;

import java.sql.Connection;
import java.util.function.Function;
import java.util.function.LongConsumer;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

/**
 * How writes reach the database: each call is one transaction, committed when the work returns and rolled back when
 * it throws, and a call inside another on the same thread joins it. SQLite's is the one writer thread
 * ({@link Writer}); PostgreSQL's runs each write on a pooled connection of the caller ({@link PooledWrites}).
 */
sealed interface WritePath extends AutoCloseable permits Writer, PooledWrites {

    /** Starts writing through the client (whose connection pool reports to {@link #track}). */
    void start(DbClient client);

    /** A connection the pool handed out, for a path that must evict the connections of a failed write. */
    void track(Connection connection);

    /** Reports how long each committed write transaction took, BEGIN to COMMIT, in nanoseconds (metrics). */
    void onCommit(LongConsumer observer);

    /** Runs work in one write transaction (see {@link Database#write}). */
    <T> T write(Function<DbTransaction, T> work);

    /** Answers or refuses the writes in flight, then stops. */
    @Override
    void close();
}
