package com.flownurture.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongConsumer;

import com.flownurture.config.AppConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;

/**
 * The database: the one SQLite file, or a PostgreSQL database shared by several instances ({@link Dialect}), and
 * the one way to run SQL. Features resolve their named statements of {@code sql/<feature>.sql} when they are built
 * ({@link #statement}) and run them two ways, and the caller picks neither thread nor connection:
 * <ul>
 *   <li>reads ({@link Reads}: this database, or a group of reads with {@link #read}) run over plain JDBC on the
 *       {@link ReaderPool} while the caller waits, so no virtual thread waits inside SQLite;</li>
 *   <li>writes ({@link #write}) run in one transaction ({@link Tx}): on SQLite on the one writer thread that groups
 *       them ({@link Writer}), on PostgreSQL on a pooled connection ({@link PooledWrites}).</li>
 * </ul>
 * The jobs around it live beside it: {@link DataSources} opens the pool, {@link Migrations} brings the schema up
 * to date, {@link Housekeeping} keeps SQLite's WAL and statistics, {@link Backup} copies the file. Thread-safe.
 */
public final class Database implements Reads, AutoCloseable {

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final DbClient client;
    private final SqlStatements statements;
    private final WritePath writer;
    private final ReaderPool readers;
    /** Null on PostgreSQL, whose server checkpoints and keeps statistics itself. */
    private final Housekeeping housekeeping;
    /** The statements resolved by their owners so far (see {@link #unresolved}). */
    private final Set<String> resolved = ConcurrentHashMap.newKeySet();
    /** The column indexes by label of each read statement's results, learnt on its first run. */
    private final Map<String, Map<String, Integer>> columnIndexes = new ConcurrentHashMap<>();
    private final StatementCache cache = new StatementCache();

    private Database(Dialect dialect, HikariDataSource dataSource, SqlStatements statements, int poolSize) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.readers = new ReaderPool(dialect, poolSize);
        this.statements = statements;
        this.writer = dialect == Dialect.SQLITE ? new Writer(dataSource) : new PooledWrites();
        this.client = JdbcClientBuilder.create()
                .connectionPool(pool(dataSource, writer, cache))
                .build();
        writer.start(client);
        this.housekeeping = dialect == Dialect.SQLITE ? new Housekeeping(dataSource) : null;
    }

    /**
     * Opens the database (creating the SQLite file if needed), migrates it and checks every named statement.
     *
     * @param config the database section
     * @return the open database
     */
    public static Database open(AppConfig.Database config) {
        Dialect dialect = config.postgres() ? Dialect.POSTGRES : Dialect.SQLITE;
        HikariDataSource dataSource = DataSources.open(config);
        try {
            Migrations.migrate(dataSource, dialect);
            SqlStatements statements = SqlStatements.load(dialect);
            statements.check(dataSource);
            return new Database(dialect, dataSource, statements, config.poolSize());
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
     * A named statement, for its owner to keep in a field. Call it with the name as a literal, so the name can be
     * found with grep and {@code ArchitectureTest} can check who runs it.
     *
     * @throws IllegalStateException when there is no such statement: a misspelt name stops start-up
     */
    public Statement statement(String name) {
        Statement statement = statements.statement(name);
        resolved.add(name);
        return statement;
    }

    /** The statements no owner has resolved yet: after start-up, the unused ones. */
    public Set<String> unresolved() {
        Set<String> unused = new TreeSet<>(statements.names());
        unused.removeAll(resolved);
        return unused;
    }

    @Override
    public <T> List<T> list(Statement statement, Map<String, ?> params, Function<Row, T> mapper) {
        List<Object> values = statement.values(params);
        return readers.run(() -> select(statement.jdbc(), values, mapper, Integer.MAX_VALUE));
    }

    @Override
    public <T> Optional<T> one(Statement statement, Map<String, ?> params, Function<Row, T> mapper) {
        List<Object> values = statement.values(params);
        List<T> rows = readers.run(() -> select(statement.jdbc(), values, mapper, 1));
        // A row the mapper maps to null (an aggregate over no rows) is empty, as in Tx.one.
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    /**
     * Runs a group of reads on one reader thread, for work that reads several statements to answer once: one hop to
     * the reader pool instead of one per read (a read started on a reader runs in place). Each read is its own
     * autocommit statement on a pooled connection, so the group is not one snapshot. The work must finish its reads
     * before it returns: return values, never an open stream.
     */
    public <T> T read(Function<Reads, T> work) {
        return readers.run(() -> work.apply(this));
    }

    /**
     * Runs work in one write transaction ({@code BEGIN IMMEDIATE} on SQLite), committing when it returns and
     * rolling back when it throws; called inside another write on the same thread, it joins that transaction. The
     * work may run twice (see {@link Writer}), so it must not act outside the database.
     */
    public <T> T write(Function<Tx, T> work) {
        return writer.write(tx -> work.apply(new Tx(tx, dialect)));
    }

    /**
     * Runs a read over plain JDBC: Helidon's DbClient reads every column's metadata again for every row, which was
     * most of the CPU time of a page of 25 contacts.
     */
    private <T> List<T> select(String sql, List<Object> values, Function<Row, T> mapper, int most) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement prepared = cache.prepare(connection, sql)) {
            for (int i = 0; i < values.size(); i++) {
                prepared.setObject(i + 1, values.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = prepared.executeQuery()) {
                Map<String, Integer> indexes = columnIndexes.get(sql);
                if (indexes == null) {
                    indexes = Rows.indexes(rs);
                    columnIndexes.put(sql, indexes);
                }
                Row row = Rows.of(rs, indexes);
                while (rows.size() < most && rs.next()) {
                    rows.add(mapper.apply(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            if (SqlErrors.isUnavailable(e)) {
                throw new DatabaseUnavailableException("read failed", e);
            }
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
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
                pool.getThreadsAwaitingConnection(), readers.queued());
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
    public void onCommit(LongConsumer observer) {
        writer.onCommit(observer);
    }

    /** SQLite's writer thread, for tests that check it survives what is thrown at it. */
    Thread writerThread() {
        return ((Writer) writer).thread();
    }

    /**
     * Writes a consistent copy of the SQLite file to a new file while the server keeps serving ({@link Backup}).
     *
     * @throws IllegalArgumentException when the target exists, or the database is PostgreSQL (whose own tools,
     *                                  {@code pg_dump} and base backups, do this)
     */
    public long backupTo(Path target) {
        if (dialect != Dialect.SQLITE) {
            throw new IllegalArgumentException("backup copies the SQLite file; back up PostgreSQL with pg_dump");
        }
        return Backup.to(dataSource, target);
    }

    /** Empties SQLite's WAL now (see {@link Housekeeping#checkpoint}); true on PostgreSQL. */
    public boolean checkpoint() {
        return housekeeping == null || housekeeping.checkpoint();
    }

    /** Refreshes SQLite's planner statistics now (see {@link Housekeeping#optimize}). */
    public void optimize() {
        if (housekeeping != null) {
            housekeeping.optimize();
        }
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
        if (housekeeping != null) {
            housekeeping.close();
        }
        client.close();
        dataSource.close();
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
