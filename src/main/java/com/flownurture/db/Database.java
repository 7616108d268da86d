package com.flownurture.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import com.flownurture.config.AppConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import org.flywaydb.core.Flyway;

/**
 * The one SQLite file: a HikariCP pool under a Helidon {@link DbClient} with the named statements of
 * {@code sql/*.sql}. Migrations run before anything else touches it.
 *
 * <p>Thread-safe. Writes run on one platform thread, the writer, which groups concurrent ones into a transaction:
 * SQLite admits one writer at a time anyway, a caller waiting on a future releases its carrier where one spinning
 * in SQLite's busy handler would pin it, and the commit's cost is shared (see {@link #commitGroup}).
 */
public final class Database implements AutoCloseable {

    /** The most writes committed together; bounds how long one group keeps the others of the next waiting. */
    private static final int MAX_GROUP = 512;
    private static final Job<?> STOP = new Job<>(tx -> null);

    private final HikariDataSource dataSource;
    private final DbClient client;
    private final SqlStatements statements;
    /** Writes waiting for the writer thread, in arrival order. */
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private boolean closed;
    /** The write transaction this thread is inside, so a nested {@link #write} joins it. */
    private final ThreadLocal<DbTransaction> current = new ThreadLocal<>();
    /** Connections borrowed during this thread's write, evicted if it fails (see {@link #write}). */
    private final ThreadLocal<List<Connection>> borrowed = new ThreadLocal<>();

    private Database(HikariDataSource dataSource, SqlStatements statements) {
        this.dataSource = dataSource;
        this.statements = statements;
        this.client = JdbcClientBuilder.create()
                .connectionPool(pool(dataSource, borrowed))
                .statements(statements.toDbStatements())
                .build();
        this.writer = Thread.ofPlatform().name("sqlite-writer").daemon().start(this::runWriter);
    }

    /**
     * Opens (creating if needed) the database file, migrates it and checks every named statement.
     *
     * @param config the database section
     * @return the open database
     */
    public static Database open(AppConfig.Database config) {
        Path path = config.path().toAbsolutePath();
        try {
            Files.createDirectories(path.getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database directory " + path.getParent(), e);
        }
        HikariDataSource dataSource = new HikariDataSource(poolConfig(path, config));
        try {
            migrate(dataSource);
            SqlStatements statements = SqlStatements.load();
            statements.check(dataSource);
            return new Database(dataSource, statements);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Statements outside a transaction, each in autocommit: reads only. Every write goes through {@link #write}. */
    public DbExecute read() {
        return client.execute();
    }

    /**
     * Runs work in one write transaction ({@code BEGIN IMMEDIATE}), committing when it returns and rolling back
     * when it throws. Called inside another write on the same thread, it joins that transaction, so a caller can
     * make several repository writes (and an idempotency record) commit or fail together.
     *
     * <p>The work runs on the database's writer thread, grouped with the writes that queued up meanwhile into one
     * transaction (see {@link #commitGroup}); it may run a second time, after a rollback, so it must not act outside
     * the database. It returns once its transaction has committed: an acknowledged write is durable however it was
     * grouped.
     */
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
                return;
            }
            if (first == STOP) {
                return;
            }
            group.add(first);
            queue.drainTo(group, MAX_GROUP - 1);
            boolean stop = group.remove(STOP);
            commitGroup(group);
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
        DbTransaction tx = client.transaction();
        current.set(tx);
        try {
            for (Job<?> job : group) {
                run(job, tx);
            }
            tx.commit();
        } catch (RuntimeException | Error e) {
            rollbackQuietly(tx, e);
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
        borrowed.set(new ArrayList<>());
        DbTransaction tx = client.transaction();
        current.set(tx);
        try {
            try {
                run(job, tx);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(tx, e);
                evictBorrowed();
                job.done.completeExceptionally(e);
                return;
            }
            try {
                tx.commit();
            } catch (RuntimeException e) {
                // SQLite fails a commit for a full disk, an I/O error or a lock: conditions that may clear.
                evictBorrowed();
                job.done.completeExceptionally(new DatabaseUnavailableException("commit failed", e));
                return;
            }
            job.complete();
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

    /** The text of a named statement, for the few queries completed at run time (compiled segment rules). */
    public String sql(String name) {
        return statements.sql(name);
    }

    /**
     * Writes a consistent copy of the database to a new file while the server keeps serving ({@code VACUUM INTO}
     * reads one snapshot; writers carry on in the WAL).
     *
     * @throws IllegalArgumentException when the target exists
     */
    public long backupTo(Path target) {
        Path file = target.toAbsolutePath();
        if (Files.exists(file)) {
            throw new IllegalArgumentException("backup target already exists: " + file);
        }
        try (Connection connection = dataSource.getConnection();
             var statement = connection.prepareStatement("VACUUM INTO ?")) {
            statement.setString(1, file.toString());
            statement.execute();
            return Files.size(file);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("backup failed: " + e.getMessage(), e);
        }
    }

    /** A plain JDBC connection, for the few tools that need one (backups, bulk loads). Close it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        dataSource.close();
    }

    private static void rollbackQuietly(DbTransaction tx, Throwable cause) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static HikariConfig poolConfig(Path path, AppConfig.Database config) {
        HikariConfig hikari = new HikariConfig();
        // sqlite-jdbc applies these URL parameters to every connection it opens.
        hikari.setJdbcUrl("jdbc:sqlite:" + path
                // 16 KB pages: a full scan (a segment count) makes a quarter of the reads of 4 KB pages. It applies when
                // the file is created; an older file keeps its page size until a VACUUM.
                + "?page_size=16384&journal_mode=WAL&synchronous=NORMAL&foreign_keys=true"
                + "&busy_timeout=" + config.busyTimeoutMs()
                + "&transaction_mode=IMMEDIATE"
                + "&journal_size_limit=67108864"
                // 16 MB of page cache per connection: the default 2 MB thrashes on a million-row table.
                + "&cache_size=-16384&temp_store=MEMORY");
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setPoolName("sqlite");
        // Hikari restores autocommit when a connection returns, so no IMMEDIATE transaction lingers on it.
        hikari.setAutoCommit(true);
        return hikari;
    }

    private static void migrate(HikariDataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // Refuse a database migrated by a newer server: never run against a schema we do not know.
                .ignoreMigrationPatterns(new String[0])
                .load()
                .migrate();
    }

    private static JdbcConnectionPool pool(HikariDataSource dataSource, ThreadLocal<List<Connection>> borrowed) {
        return () -> {
            try {
                Connection connection = dataSource.getConnection();
                List<Connection> tracked = borrowed.get();
                if (tracked != null) {
                    tracked.add(connection);
                }
                return connection;
            } catch (SQLException e) {
                throw new DatabaseUnavailableException("no database connection", e);
            }
        };
    }
}
