package com.flownurture.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * SQLite's upkeep on a schedule: WAL checkpoints and planner statistics. PostgreSQL's server does both itself.
 * Thread-safe.
 */
final class Housekeeping implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());

    private final DataSource dataSource;
    private final ScheduledExecutorService schedule;

    Housekeeping(DataSource dataSource) {
        this.dataSource = dataSource;
        this.schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("sqlite-housekeeping").daemon().factory());
        schedule.scheduleWithFixedDelay(() -> quietly("checkpoint", this::checkpoint), 30, 30, TimeUnit.SECONDS);
        schedule.scheduleWithFixedDelay(() -> quietly("optimize", this::optimize), 5, 60, TimeUnit.MINUTES);
    }

    /**
     * Copies the WAL back into the database file and truncates it. SQLite checkpoints on its own after each commit
     * that leaves 1,000 pages in the WAL, but only as far as no reader still needs: under steady reads and writes
     * the WAL can grow without end (a probe saw 530 MB). Run every 30 seconds; a checkpoint that readers or the
     * writer hold up waits at most the busy timeout and is simply tried again later. {@code journal_size_limit}
     * (64 MB) also caps what the file keeps after a checkpoint.
     *
     * @return whether the checkpoint completed (the WAL is now empty)
     */
    boolean checkpoint() {
        return pragma("PRAGMA wal_checkpoint(TRUNCATE)") == 0;
    }

    /**
     * Refreshes the query planner's statistics where they are stale ({@code PRAGMA optimize}, with ANALYZE bounded
     * to a sample of each index), as SQLite advises for long-running connections: hourly and at shutdown.
     */
    void optimize() {
        pragma("PRAGMA analysis_limit = 1000");
        pragma("PRAGMA optimize");
    }

    /** Runs a PRAGMA on a connection of its own and returns the first column of its first row, or -1. */
    private long pragma(String sql) {
        try (Connection connection = dataSource.getConnection();
             var statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return -1;
            }
            try (ResultSet rs = statement.getResultSet()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            if (SqlErrors.isUnavailable(e)) {
                throw new DatabaseUnavailableException(sql + " failed", e);
            }
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static void quietly(String task, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // Housekeeping is retried on schedule; a locked or full database must not end the schedule.
            LOG.log(System.Logger.Level.DEBUG, task + " skipped: " + e.getMessage());
        }
    }

    /** Stops the schedule and refreshes the statistics a last time. */
    @Override
    public void close() {
        schedule.shutdownNow();
        quietly("optimize", this::optimize);
    }
}
