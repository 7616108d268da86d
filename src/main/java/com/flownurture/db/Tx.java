package com.flownurture.db;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

/**
 * A write transaction ({@link Database#write}): its reads see its writes, and everything commits or rolls back
 * together. Statements run in their JDBC form through Helidon's DbClient transaction; the DbClient would otherwise
 * parse a named statement's parameters on every execution, which was a tenth of the writer thread's time under
 * inserts.
 */
public final class Tx implements Reads {

    private final DbTransaction tx;
    private final Dialect dialect;

    Tx(DbTransaction tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    /**
     * Runs an INSERT, UPDATE or DELETE statement.
     *
     * @return the number of rows changed
     */
    public long update(Statement statement, Map<String, ?> params) {
        return tx.createDmlStatement(statement.jdbc()).params(statement.values(params)).execute();
    }

    /**
     * Runs a statement that only takes a lock for the rest of the transaction, where the database needs one.
     * SQLite's one writer thread already runs every write alone, so there it is skipped: a no-op read still cost a
     * DbClient call on paths that run once per stored row.
     */
    public void lock(Statement statement, Map<String, ?> params) {
        if (dialect != Dialect.SQLITE) {
            try (Stream<DbRow> rows = query(statement, params)) {
                rows.findFirst();
            }
        }
    }

    @Override
    public <T> List<T> list(Statement statement, Map<String, ?> params, Function<Row, T> mapper) {
        try (Stream<DbRow> rows = query(statement, params)) {
            return rows.map(row -> mapper.apply(Rows.of(row))).toList();
        }
    }

    @Override
    public <T> Optional<T> one(Statement statement, Map<String, ?> params, Function<Row, T> mapper) {
        return tx.createGet(statement.jdbc()).params(statement.values(params)).execute()
                .map(row -> mapper.apply(Rows.of(row)));
    }

    private Stream<DbRow> query(Statement statement, Map<String, ?> params) {
        return tx.createQuery(statement.jdbc()).params(statement.values(params)).execute();
    }
}
