package com.flownurture.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import com.flownurture.config.AppConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Opens the connection pool: over the SQLite file (made first, private to its owner) or a PostgreSQL database. */
final class DataSources {

    private static final System.Logger LOG = System.getLogger(DataSources.class.getName());

    private DataSources() {
    }

    /** The pool for the configured database, creating the SQLite file if needed. */
    static HikariDataSource open(AppConfig.Database config) {
        if (config.postgres()) {
            return new HikariDataSource(postgresPool(config));
        }
        Path path = config.path().toAbsolutePath();
        PrivateFiles.createDirectories(path.getParent());
        createIfMissing(path);
        tightenModes(path);
        return new HikariDataSource(sqlitePool(path, config));
    }

    /**
     * Creates a new database file with 16 KB pages: a full scan (a segment count over a million contacts) makes a
     * quarter of the reads it makes over 4 KB pages, and the last pages of a big list cost a third. The page size
     * is fixed when the first table is written, and sqlite-jdbc sets WAL mode before the URL's page size, so the file
     * is made here first. An existing file keeps its page size (a VACUUM changes it).
     */
    private static void createIfMissing(Path path) {
        if (Files.exists(path)) {
            return;
        }
        try {
            // SQLite gives its WAL and shared-memory files the mode of the database file: 0600 for all three.
            PrivateFiles.createFile(path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database " + path + ": " + e.getMessage(), e);
        }
        try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + path);
             var statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = 16384");
            statement.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A database made by an older server (or copied in) may be readable by others: it is made the owner's only at
     * start, with its WAL and shared-memory files, and said once.
     */
    private static void tightenModes(Path path) {
        List<Path> tightened = PrivateFiles.tighten(List.of(path, Path.of(path + "-wal"), Path.of(path + "-shm")));
        if (!tightened.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "The database files " + tightened
                    + " were readable by other users; they are now the owner's only (0600)");
        }
    }

    private static HikariConfig sqlitePool(Path path, AppConfig.Database config) {
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

    /**
     * A pool of PostgreSQL connections. {@code stringtype=unspecified} sends text parameters untyped, so the server
     * types them from their place (a {@code jsonb} column takes the same text SQLite's TEXT column does).
     */
    private static HikariConfig postgresPool(AppConfig.Database config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        if (!config.username().isBlank()) {
            hikari.setUsername(config.username());
        }
        if (!config.password().isBlank()) {
            hikari.setPassword(config.password());
        }
        hikari.addDataSourceProperty("stringtype", "unspecified");
        hikari.addDataSourceProperty("ApplicationName", "flownurture");
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setPoolName("postgres");
        hikari.setAutoCommit(true);
        return hikari;
    }
}
