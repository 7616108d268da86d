package com.flownurture.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each pooled connection's prepared statements for reuse. SQLite compiles a statement in about the time it
 * takes to run a point lookup or a one-row insert, and neither sqlite-jdbc nor HikariCP keeps a cache: statement
 * preparation was 38% of a bulk import's time in SQLite.
 *
 * <p>A statement lives with its physical connection, so the pool does not close it when the connection returns;
 * the caller's {@code close()} only resets it (closes its result set, clears its parameters) for the next borrower
 * of that connection, and closing the connection rolls back what its borrower left uncommitted. A statement already in use on the connection (the same SQL run again while its results are
 * open) is prepared afresh and closed for real. Thread-safe: a connection is used by one thread at a time.
 */
final class StatementCache {

    private final Map<Connection, Map<String, Cached>> byConnection = new ConcurrentHashMap<>();

    /** A pooled connection whose {@code prepareStatement(sql)} goes through this cache. */
    Connection wrap(Connection pooled) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                return prepare(pooled, (String) args[0]);
            }
            if (method.getName().equals("close")) {
                closeRollingBack(pooled);
                return null;
            }
            return invoke(pooled, method, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    /**
     * Returns a connection to the pool, rolling back what was not committed. The pool rolls back only the work it saw,
     * and statements of this cache run on the physical connection behind its back: without this, the pool's reset of
     * autocommit would commit a failed transaction's first writes.
     */
    private static void closeRollingBack(Connection pooled) throws SQLException {
        try {
            if (!pooled.isClosed() && !pooled.getAutoCommit()) {
                pooled.rollback();
            }
        } finally {
            pooled.close();
        }
    }

    /** The connection's statement for this SQL, ready to bind; close it when done. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, Cached> statements = byConnection.get(physical);
        if (statements == null) {
            // A connection new to the pool: forget those it has closed (evicted after a failure, or retired).
            byConnection.keySet().removeIf(StatementCache::isClosed);
            statements = new HashMap<>();
            byConnection.put(physical, statements);
        }
        Cached cached = statements.get(sql);
        if (cached != null && cached.inUse) {
            return pooled.prepareStatement(sql);
        }
        if (cached == null || cached.statement.isClosed()) {
            cached = new Cached(physical.prepareStatement(sql), statements, sql);
            statements.put(sql, cached);
        }
        cached.inUse = true;
        return cached.proxy;
    }

    /** A statement of the cache and the handle its borrowers get. */
    private static final class Cached implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement proxy;
        private final Map<String, Cached> owner;
        private final String sql;
        private ResultSet results;
        boolean inUse;

        Cached(PreparedStatement statement, Map<String, Cached> owner, String sql) {
            this.statement = statement;
            this.owner = owner;
            this.sql = sql;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    release();
                    return null;
                }
                case "isClosed" -> {
                    return !inUse || statement.isClosed();
                }
                default -> {
                    try {
                        Object result = method.invoke(statement, args);
                        if (result instanceof ResultSet rs) {
                            results = rs;
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        // A statement that failed may be in any state: drop it rather than reuse it.
                        discard();
                        throw e.getCause();
                    }
                }
            }
        }

        /** Resets the statement for the next borrower: an open result set would hold SQLite's read snapshot. */
        private void release() throws SQLException {
            if (!inUse) {
                return;
            }
            try {
                if (results != null) {
                    results.close();
                    results = null;
                }
                statement.clearParameters();
                inUse = false;
            } catch (SQLException e) {
                discard();
            }
        }

        private void discard() {
            inUse = false;
            owner.remove(sql, this);
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Dropped either way.
            }
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
