package com.flownurture.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.flownurture.config.AppConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbStatementGet;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import org.flywaydb.core.Flyway;

/**
 * The database: the one SQLite file, or a PostgreSQL database shared by several instances ({@link Dialect}). A
 * HikariCP pool under a Helidon {@link DbClient} with the named statements of {@code sql/*.sql}. Migrations run
 * before anything else touches it.
 *
 * <p>Two paths, and the caller picks neither thread nor connection:
 * <ul>
 *   <li>Writes ({@link #write}) run on one platform thread that groups them into transactions ({@link Writer});
 *       reads inside a write go through its transaction.</li>
 *   <li>Reads outside a transaction ({@link #read} through the DbClient's named statements, {@link #query} over
 *       plain JDBC for the hot and the slow ones) run on a pool of platform threads while the caller waits.</li>
 * </ul>
 * So no virtual thread waits inside SQLite. A virtual thread inside SQLite's native code pins its carrier, and the
 * default scheduler has one carrier per core: two slow scans used to stall every other request (point reads fell
 * from 17,000 to 200 a second beside them, p99 over a second). Platform threads are scheduled by the OS, so a slow
 * query holds one reader, not the web server. Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    /** Set on the reader pool's threads: a read started there runs in place instead of queueing behind itself. */
    private static final ThreadLocal<Boolean> ON_READER = ThreadLocal.withInitial(() -> false);

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final DbClient client;
    private final SqlStatements statements;
    private final WritePath writer;
    private final ThreadPoolExecutor readers;
    /** SQLite's WAL checkpoints and statistics; null on PostgreSQL, whose server does both itself. */
    private final ScheduledExecutorService housekeeping;
    /** The column indexes by label of each read statement's results, learnt on its first run. */
    private final Map<String, Map<String, Integer>> columnIndexes = new ConcurrentHashMap<>();
    private final StatementCache cache = new StatementCache();

    private Database(Dialect dialect, HikariDataSource dataSource, SqlStatements statements, int poolSize) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        // As many readers as connections: more would only wait for a connection.
        ThreadFactory threads = Thread.ofPlatform().name(dialect.folder() + "-reader-", 1).daemon().factory();
        this.readers = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> threads.newThread(() -> {
                    ON_READER.set(true);
                    task.run();
                }));
        this.statements = statements;
        this.writer = dialect == Dialect.SQLITE ? new Writer(dataSource) : new PooledWrites();
        this.client = JdbcClientBuilder.create()
                .connectionPool(pool(dataSource, writer, cache))
                .statements(statements.toDbStatements())
                .build();
        writer.start(client);
        if (dialect == Dialect.SQLITE) {
            this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("sqlite-housekeeping").daemon().factory());
            housekeeping.scheduleWithFixedDelay(() -> quietly("checkpoint", this::checkpoint), 30, 30,
                    TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(() -> quietly("optimize", this::optimize), 5, 60, TimeUnit.MINUTES);
        } else {
            this.housekeeping = null;
        }
    }

    /**
     * Opens the database (creating the SQLite file if needed), migrates it and checks every named statement.
     *
     * @param config the database section
     * @return the open database
     */
    public static Database open(AppConfig.Database config) {
        if (config.postgres()) {
            return open(Dialect.POSTGRES, new HikariDataSource(postgresPool(config)), config.poolSize());
        }
        Path path = config.path().toAbsolutePath();
        PrivateFiles.createDirectories(path.getParent());
        createIfMissing(path);
        tightenModes(path);
        return open(Dialect.SQLITE, new HikariDataSource(poolConfig(path, config)), config.poolSize());
    }

    private static Database open(Dialect dialect, HikariDataSource dataSource, int poolSize) {
        try {
            migrate(dataSource, dialect);
            SqlStatements statements = SqlStatements.load(dialect);
            statements.check(dataSource);
            return new Database(dialect, dataSource, statements, poolSize);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Which database this is, for the few places whose SQL is built at run time (the segment compiler). */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Reads outside a transaction through the DbClient's named statements, each statement in autocommit, on the
     * reader pool. The work must finish its reads before it returns: return values, never an open stream.
     */
    public <T> T read(Function<DbExecute, T> work) {
        return onReader(() -> work.apply(client.execute()));
    }

    /**
     * Runs a named read statement over plain JDBC on the reader pool and maps each row. For the hottest and the
     * slowest reads (a contact, a page, a search, a segment count): Helidon's DbClient reads every column's metadata
     * again for every row, which was most of the CPU time of a page of 25 contacts. Same named statements, same
     * bound parameters, autocommit like {@link #read}.
     *
     * @param params a value for each {@code :name} of the statement
     */
    public <T> List<T> query(String name, Map<String, ?> params, Function<Rows.Columns, T> mapper) {
        return query(statements.jdbc(name).sql(), inOrder(name, params), mapper);
    }

    /**
     * Runs a named write statement in a write's transaction, in its JDBC form ({@code ?} placeholders), for the
     * hottest writes: the DbClient parses a named statement's parameters on every execution, which was a tenth of
     * the writer thread's time under inserts.
     *
     * @return the number of rows changed
     */
    public long execute(DbExecute tx, String name, Map<String, ?> params) {
        return tx.createDmlStatement(statements.jdbc(name).sql()).params(inOrder(name, params)).execute();
    }

    /**
     * Runs a named statement that only takes a lock for the rest of the transaction, where the database needs one.
     * SQLite's one writer thread already runs every write alone, so there it is skipped: a no-op read still cost a
     * DbClient call on paths that run once per stored row.
     */
    public void lock(DbExecute tx, String name, Map<String, ?> params) {
        if (dialect != Dialect.SQLITE) {
            DbStatementGet get = tx.createNamedGet(name);
            params.forEach(get::addParam);
            get.execute();
        }
    }

    /** The values of a named statement's parameters in placeholder order. */
    private List<Object> inOrder(String name, Map<String, ?> params) {
        List<Object> values = new ArrayList<>();
        for (String parameter : statements.jdbc(name).parameters()) {
            if (!params.containsKey(parameter)) {
                throw new IllegalArgumentException("statement " + name + " needs :" + parameter);
            }
            values.add(params.get(parameter));
        }
        return values;
    }

    /**
     * As {@link #query(String, Map, Function)}, for the few statements completed at run time (compiled segment
     * rules): read SQL with positional parameters.
     */
    public <T> List<T> query(String sql, List<?> params, Function<Rows.Columns, T> mapper) {
        return onReader(() -> runQuery(sql, params, mapper));
    }

    /** Runs a read on a thread of the reader pool while the caller waits; in place when already on one. */
    private <T> T onReader(Callable<T> read) {
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

    private static <T> T call(Callable<T> read) {
        try {
            return read.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> List<T> runQuery(String sql, List<?> params, Function<Rows.Columns, T> mapper) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement prepared = cache.prepare(connection, sql)) {
                for (int i = 0; i < params.size(); i++) {
                    prepared.setObject(i + 1, params.get(i));
                }
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = prepared.executeQuery()) {
                    Map<String, Integer> indexes = columnIndexes.get(sql);
                    if (indexes == null) {
                        indexes = Rows.indexes(rs);
                        columnIndexes.put(sql, indexes);
                    }
                    Rows.Columns columns = Rows.of(rs, indexes);
                    while (rs.next()) {
                        rows.add(mapper.apply(columns));
                    }
                }
                return rows;
            }
        } catch (SQLException e) {
            if (SqlErrors.isUnavailable(e)) {
                throw new DatabaseUnavailableException("read failed", e);
            }
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs work in one write transaction ({@code BEGIN IMMEDIATE}), committing when it returns and rolling back
     * when it throws; called inside another write on the same thread, it joins that transaction. The work runs on
     * the writer thread, possibly twice (see {@link Writer}), so it must not act outside the database.
     */
    public <T> T write(Function<DbTransaction, T> work) {
        return writer.write(work);
    }

    /**
     * The connection pool's use now: connections lent out, idle, the most it opens, threads waiting for one, and
     * reads queued for a thread of the reader pool (as many threads as connections).
     */
    public record PoolUse(int active, int idle, int max, int waiting, int readsQueued) {
    }

    /** The connection pool's use now (metrics). */
    public PoolUse poolUse() {
        var pool = dataSource.getHikariPoolMXBean();
        return new PoolUse(pool.getActiveConnections(), pool.getIdleConnections(), dataSource.getMaximumPoolSize(),
                pool.getThreadsAwaitingConnection(), readers.getQueue().size());
    }

    /**
     * Writes waiting for SQLite's writer thread now (metrics); empty on PostgreSQL, which has no single writer:
     * each write waits for a pooled connection instead ({@link PoolUse#waiting}).
     */
    public OptionalInt writerQueueLength() {
        return writer instanceof Writer w ? OptionalInt.of(w.queueLength()) : OptionalInt.empty();
    }

    /** Whether SQLite's writer thread is alive (readiness); PostgreSQL has none to lose. */
    public boolean writerAlive() {
        return !(writer instanceof Writer w) || w.thread().isAlive();
    }

    /**
     * Reports how long each write transaction took, BEGIN to COMMIT, in nanoseconds (metrics): on SQLite a group
     * of writes committed together by the writer thread, on PostgreSQL one caller's write.
     */
    public void onCommit(java.util.function.LongConsumer observer) {
        writer.onCommit(observer);
    }

    /** SQLite's writer thread, for tests that check it survives what is thrown at it. */
    Thread writerThread() {
        return ((Writer) writer).thread();
    }

    /** The text of a named statement, for the few queries completed at run time (compiled segment rules). */
    public String sql(String name) {
        return statements.sql(name);
    }

    /**
     * Writes a consistent copy of the database to a new file while the server keeps serving ({@code VACUUM INTO}
     * reads one snapshot; writers carry on in the WAL).
     *
     * @throws IllegalArgumentException when the target exists, or the database is PostgreSQL (whose own tools,
     *                                  {@code pg_dump} and base backups, do this)
     */
    public long backupTo(Path target) {
        if (dialect != Dialect.SQLITE) {
            throw new IllegalArgumentException("backup copies the SQLite file; back up PostgreSQL with pg_dump");
        }
        Path file = target.toAbsolutePath();
        try {
            // Made 0600 before SQLite writes into it: the copy holds the same secrets as the database.
            PrivateFiles.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalArgumentException("backup target already exists: " + file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("backup failed: " + e.getMessage(), e);
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

    /**
     * Copies the WAL back into the database file and truncates it. SQLite checkpoints on its own after each commit
     * that leaves 1,000 pages in the WAL, but only as far as no reader still needs: under steady reads and writes
     * the WAL can grow without end (a probe saw 530 MB). Run every 30 seconds; a checkpoint that readers or the
     * writer hold up waits at most the busy timeout and is simply tried again later. {@code journal_size_limit}
     * (64 MB) also caps what the file keeps after a checkpoint.
     *
     * @return whether the checkpoint completed (the WAL is now empty)
     */
    public boolean checkpoint() {
        return pragma("PRAGMA wal_checkpoint(TRUNCATE)") == 0;
    }

    /**
     * Refreshes the query planner's statistics where they are stale ({@code PRAGMA optimize}, with ANALYZE bounded
     * to a sample of each index), as SQLite advises for long-running connections: hourly and at shutdown.
     */
    public void optimize() {
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

    @Override
    public void close() {
        writer.close();
        readers.shutdownNow();
        if (housekeeping != null) {
            housekeeping.shutdownNow();
            quietly("optimize", this::optimize);
        }
        client.close();
        dataSource.close();
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

    private static void migrate(HikariDataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + dialect.folder())
                // Refuse a database migrated by a newer server: never run against a schema we do not know.
                .ignoreMigrationPatterns(new String[0])
                .load()
                .migrate();
    }

    private static JdbcConnectionPool pool(HikariDataSource dataSource, WritePath writer, StatementCache cache) {
        return () -> {
            try {
                Connection connection = dataSource.getConnection();
                writer.track(connection);
                return cache.wrap(connection);
            } catch (SQLException e) {
                throw new DatabaseUnavailableException("no database connection", e);
            }
        };
    }
}
