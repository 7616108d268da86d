package com.flownurture.db;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.LongConsumer;

import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

/**
 * The one thread that writes to the database. SQLite admits one writer at a time anyway; a caller waiting on a
 * future releases its carrier, where one spinning in SQLite's busy handler would pin it; and concurrent writes
 * share one commit (see {@link #commitGroup}). Thread-safe.
 */
final class Writer implements WritePath {

    private static final System.Logger LOG = System.getLogger(Writer.class.getName());
    /** The most writes committed together; bounds how long one group keeps the others of the next waiting. */
    private static final int MAX_GROUP = 512;
    private static final Job<?> STOP = new Job<>(tx -> null);

    private final HikariDataSource dataSource;
    /** Writes waiting for the writer thread, in arrival order. */
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    /** The write transaction this thread is inside, so a nested {@link #write} joins it. */
    private final ThreadLocal<DbTransaction> current = new ThreadLocal<>();
    /** Connections borrowed during this thread's write, evicted if it fails (see {@link #evictBorrowed}). */
    private final ThreadLocal<List<Connection>> borrowed = new ThreadLocal<>();
    /** Told how long each committed transaction took, BEGIN to COMMIT, in nanoseconds (metrics). */
    private volatile LongConsumer commits = nanos -> { };
    private DbClient client;
    private Thread thread;
    private boolean closed;

    Writer(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void start(DbClient client) {
        this.client = client;
        this.thread = Thread.ofPlatform().name("sqlite-writer").daemon().start(this::runWriter);
    }

    /** A connection the pool handed out: remembered when it serves the writer's transaction. */
    @Override
    public void track(Connection connection) {
        List<Connection> tracked = borrowed.get();
        if (tracked != null) {
            tracked.add(connection);
        }
    }

    Thread thread() {
        return thread;
    }

    /** Writes waiting for the writer thread now. */
    int queueLength() {
        return queue.size();
    }

    /** Reports the duration of each committed transaction (a group of writes) to {@code observer}, on its thread. */
    @Override
    public void onCommit(LongConsumer observer) {
        this.commits = observer;
    }

    /**
     * Runs work in one write transaction ({@code BEGIN IMMEDIATE}), committing when it returns and rolling back
     * when it throws. Called inside another write on the same thread, it joins that transaction, so a caller can
     * make several repository writes (and an idempotency record) commit or fail together.
     *
     * <p>The work runs on the writer thread, grouped with the writes that queued up meanwhile into one
     * transaction (see {@link #commitGroup}); it may run a second time, after a rollback, so it must not act outside
     * the database. It returns once its transaction has committed: an acknowledged write is durable however it was
     * grouped.
     */
    @Override
    public <T> T write(Function<DbTransaction, T> work) {
        DbTransaction outer = current.get();
        if (outer != null) {
            return work.apply(outer);
        }
        Job<T> job = new Job<>(work);
        synchronized (queue) {
            if (closed) {
                throw new DatabaseUnavailableException("the database is closed", null);
            }
            queue.add(job);
        }
        try {
            // A waiting virtual thread unmounts here, where one inside SQLite's busy handler would pin its carrier.
            return job.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A write waiting for the writer thread, and how it ended. */
    private static final class Job<T> {
        final Function<DbTransaction, T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;

        Job(Function<DbTransaction, T> work) {
            this.work = work;
        }

        void complete() {
            done.complete(result);
        }
    }

    /** The writer thread: takes what has queued up, at most {@link #MAX_GROUP} writes, and commits it together. */
    private void runWriter() {
        List<Job<?>> group = new ArrayList<>();
        while (true) {
            Job<?> first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                // Only close() ends the writer (with STOP): every write already queued must get its answer.
                continue;
            }
            if (first == STOP) {
                return;
            }
            group.add(first);
            queue.drainTo(group, MAX_GROUP - 1);
            boolean stop = group.remove(STOP);
            try {
                commitGroup(group);
            } catch (Throwable unexpected) {
                // Whatever went wrong, the writer must live on: without it every later write would wait forever.
                LOG.log(System.Logger.Level.ERROR, "a group of writes failed unexpectedly", unexpected);
                group.forEach(job -> job.done.completeExceptionally(unexpected));
            }
            group.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * Commits a group of writes as one transaction: SQLite pays for a commit (WAL frames, the search index's new
     * segment) per transaction, not per row, so concurrent writers share that cost. When any write of the group
     * fails (a duplicate email, a missing contact, the database itself), nothing of the group is kept and each write
     * runs again in a transaction of its own, so one failure never fails another write. Helidon's transaction ends
     * at a failed statement, which rules out savepoints; a failure in a group costs one retry of its writes.
     */
    private void commitGroup(List<Job<?>> group) {
        if (group.size() > 1 && commitTogether(group)) {
            return;
        }
        group.forEach(this::commitAlone);
    }

    /** Runs the whole group in one transaction; false (and nothing completed) when anything of it failed. */
    private boolean commitTogether(List<Job<?>> group) {
        borrowed.set(new ArrayList<>());
        DbTransaction tx = null;
        long started = System.nanoTime();
        try {
            tx = client.transaction();
            current.set(tx);
            for (Job<?> job : group) {
                run(job, tx);
            }
            tx.commit();
            commits.accept(System.nanoTime() - started);
        } catch (RuntimeException | Error e) {
            if (tx != null) {
                rollbackQuietly(tx, e);
            }
            evictBorrowed();
            return false;
        } finally {
            current.remove();
            borrowed.remove();
        }
        group.forEach(Job::complete);
        return true;
    }

    /** Runs one write in a transaction of its own and completes it with its result or its failure. */
    private void commitAlone(Job<?> job) {
        Throwable failure = attempt(job);
        if (failure != null && SqlErrors.isReadOnly(failure)) {
            // A connection opened while the file could not be written stays read-only after the fault has cleared;
            // the failed attempt evicted it, so one more try gets a connection opened now.
            failure = attempt(job);
        }
        if (failure != null) {
            job.done.completeExceptionally(failure);
        } else {
            job.complete();
        }
    }

    /** One try of a write in its own transaction: null when it committed, else the failure (nothing kept). */
    private Throwable attempt(Job<?> job) {
        borrowed.set(new ArrayList<>());
        long started = System.nanoTime();
        try {
            DbTransaction tx;
            try {
                tx = client.transaction();
            } catch (RuntimeException e) {
                evictBorrowed();
                return e;
            }
            current.set(tx);
            try {
                run(job, tx);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(tx, e);
                evictBorrowed();
                return e;
            }
            try {
                tx.commit();
            } catch (RuntimeException e) {
                // SQLite fails a commit for a full disk, an I/O error or a lock: conditions that may clear. After an
                // I/O error the transaction may still be open, holding the write lock: roll it back.
                rollbackQuietly(tx, e);
                evictBorrowed();
                return new DatabaseUnavailableException("commit failed", e);
            }
            commits.accept(System.nanoTime() - started);
            return null;
        } finally {
            current.remove();
            borrowed.remove();
        }
    }

    private static <T> void run(Job<T> job, DbTransaction tx) {
        job.result = job.work.apply(tx);
    }

    /**
     * Drops the connections of a failed write from the pool. When SQLite refuses the BEGIN itself (locked, full),
     * sqlite-jdbc is left believing a transaction is open, and the connection would fail its next user.
     */
    private void evictBorrowed() {
        List<Connection> connections = borrowed.get();
        if (connections != null) {
            connections.forEach(dataSource::evictConnection);
        }
    }

    private static void rollbackQuietly(DbTransaction tx, Throwable cause) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Answers every write already queued, then stops the thread. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
