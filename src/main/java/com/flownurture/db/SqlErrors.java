package com.flownurture.db;

import java.sql.SQLException;

/**
 * Recognises database errors by kind. The only place that knows SQLite's (and, later, PostgreSQL's) error codes.
 */
public final class SqlErrors {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_CONSTRAINT = 19;

    private SqlErrors() {
    }

    /** A unique index refused the write. */
    public static boolean isUniqueViolation(Throwable error) {
        SQLException sql = find(error);
        if (sql == null) {
            return false;
        }
        return "23505".equals(sql.getSQLState())
                || (sql.getErrorCode() == SQLITE_CONSTRAINT && String.valueOf(sql.getMessage()).contains("UNIQUE"));
    }

    /** SQLite refused a write because the file, or this connection's view of it, is read-only. */
    public static boolean isReadOnly(Throwable error) {
        SQLException sql = find(error);
        return sql != null && (sql.getErrorCode() & 0xff) == SQLITE_READONLY;
    }

    /** The database is locked, read-only, full or unreadable: a condition that may clear without a restart. */
    public static boolean isUnavailable(Throwable error) {
        SQLException sql = find(error);
        if (sql == null) {
            return false;
        }
        int code = sql.getErrorCode() & 0xff;
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_READONLY || code == SQLITE_IOERR
                || code == SQLITE_FULL || code == SQLITE_CANTOPEN
                || String.valueOf(sql.getSQLState()).startsWith("08");
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
