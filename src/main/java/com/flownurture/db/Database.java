package com.flownurture.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
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
 * <p>Thread-safe. Write transactions go through a fair in-process gate: SQLite admits one writer at a time, and a
 * virtual thread waiting on a Java semaphore releases its carrier, where one spinning in SQLite's busy handler
 * would pin it.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DbClient client;
    private final SqlStatements statements;
    private final Semaphore writeGate = new Semaphore(1, true);
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
     */
    public <T> T write(Function<DbTransaction, T> work) {
        DbTransaction outer = current.get();
        if (outer != null) {
            return work.apply(outer);
        }
        writeGate.acquireUninterruptibly();
        borrowed.set(new ArrayList<>());
        try {
            DbTransaction tx = client.transaction();
            current.set(tx);
            T result;
            try {
                result = work.apply(tx);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(tx, e);
                evictBorrowed();
                throw e;
            }
            try {
                tx.commit();
            } catch (RuntimeException e) {
                // SQLite fails a commit for a full disk, an I/O error or a lock: conditions that may clear.
                evictBorrowed();
                throw new DatabaseUnavailableException("commit failed", e);
            }
            return result;
        } finally {
            current.remove();
            borrowed.remove();
            writeGate.release();
        }
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
                + "?journal_mode=WAL&synchronous=NORMAL&foreign_keys=true"
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
