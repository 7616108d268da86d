package com.flownurture.db;

import io.helidon.dbclient.DbColumn;
import io.helidon.dbclient.DbRow;

/** Typed reads of nullable columns. sqlite-jdbc returns Integer or Long for INTEGER, so numbers go through Number. */
public final class Rows {

    private Rows() {
    }

    /** A text column, or null. */
    public static String string(DbRow row, String column) {
        Object value = value(row, column);
        return value == null ? null : value.toString();
    }

    /** An integer column; 0 when null. */
    public static long longValue(DbRow row, String column) {
        Object value = value(row, column);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** An integer column, or null. */
    public static Long nullableLong(DbRow row, String column) {
        Object value = value(row, column);
        return value == null ? null : ((Number) value).longValue();
    }

    private static Object value(DbRow row, String column) {
        DbColumn col = row.column(column);
        return col.isPresent() ? col.get() : null;
    }
}
