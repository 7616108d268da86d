package com.flownurture.db;

import java.sql.SQLException;

/**
 * Recognises database errors by kind. The only place that knows SQLite's error codes and PostgreSQL's SQLSTATEs
 * (pgjdbc reports no vendor code, so a SQLSTATE decides there; sqlite-jdbc reports no useful SQLSTATE).
 */
public final class SqlErrors {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_CONSTRAINT = 19;

    private static final String PG_UNIQUE_VIOLATION = "23505";
    private static final String PG_READ_ONLY_TRANSACTION = "25006";
    /** A NUL character, which PostgreSQL text cannot hold (SQLite's can). */
    private static final String PG_CHARACTER_NOT_IN_REPERTOIRE = "22021";
    /** Class 08: connection exceptions (the server is gone or refuses us). */
    private static final String PG_CONNECTION = "08";
    /** Class 53: insufficient resources (disk full, out of memory, too many connections). */
    private static final String PG_RESOURCES = "53";
    /** Class 57: operator intervention (the server is shutting down or restarting). */
    private static final String PG_OPERATOR = "57";

    private SqlErrors() {
    }

    /** A unique index refused the write. */
    public static boolean isUniqueViolation(Throwable error) {
        SQLException sql = find(error);
        if (sql == null) {
            return false;
        }
        return PG_UNIQUE_VIOLATION.equals(sql.getSQLState())
                || (sql.getErrorCode() == SQLITE_CONSTRAINT && String.valueOf(sql.getMessage()).contains("UNIQUE"));
    }

    /**
     * The database cannot hold a text it was given (PostgreSQL refuses NUL characters): bad input that slipped past
     * validation, never the server's fault.
     */
    public static boolean isUnstorableText(Throwable error) {
        SQLException sql = find(error);
        return sql != null && PG_CHARACTER_NOT_IN_REPERTOIRE.equals(sql.getSQLState());
    }

    /** The database refused a write because the file, this connection's view of it, or the server is read-only. */
    public static boolean isReadOnly(Throwable error) {
        SQLException sql = find(error);
        return sql != null && ((sql.getErrorCode() & 0xff) == SQLITE_READONLY
                || PG_READ_ONLY_TRANSACTION.equals(sql.getSQLState()));
    }

    /** The database is locked, read-only, full or unreachable: a condition that may clear without a restart. */
    public static boolean isUnavailable(Throwable error) {
        SQLException sql = find(error);
        if (sql == null) {
            return false;
        }
        int code = sql.getErrorCode() & 0xff;
        String state = String.valueOf(sql.getSQLState());
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_READONLY || code == SQLITE_IOERR
                || code == SQLITE_FULL || code == SQLITE_CANTOPEN
                || state.startsWith(PG_CONNECTION) || state.startsWith(PG_RESOURCES) || state.startsWith(PG_OPERATOR)
                || PG_READ_ONLY_TRANSACTION.equals(state);
    }

    private static SQLException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
