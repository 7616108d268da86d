package com.flownurture.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.helidon.dbclient.DbColumn;
import io.helidon.dbclient.DbRow;

/**
 * Typed reads of nullable columns. sqlite-jdbc returns Integer or Long for INTEGER, so numbers go through Number; a
 * condition selected as a column is 0 or 1 on SQLite and a boolean on PostgreSQL, so a boolean reads as 0 or 1.
 */
public final class Rows {

    private Rows() {
    }

    /** A row's columns by name, whether it came through Helidon's DbClient or plain JDBC. */
    @FunctionalInterface
    public interface Columns {
        /** The column's value, or null. */
        Object get(String column);
    }

    /** The columns of a DbClient row. */
    public static Row of(DbRow row) {
        return column -> {
            DbColumn col = row.column(column);
            return col.isPresent() ? col.get() : null;
        };
    }

    /**
     * The columns of a JDBC result set's current row.
     *
     * @param indexes each column's 1-based index by label (sqlite-jdbc finds a label by comparing it with every
     *                column name, case-insensitively, on each read)
     */
    public static Row of(ResultSet rs, Map<String, Integer> indexes) {
        return column -> {
            Integer index = indexes.get(column);
            if (index == null) {
                throw new IllegalStateException("no column " + column);
            }
            try {
                return rs.getObject(index);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read column " + column, e);
            }
        };
    }

    /** The column indexes by label of a result set. */
    public static Map<String, Integer> indexes(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            indexes.putIfAbsent(meta.getColumnLabel(i), i);
        }
        return Map.copyOf(indexes);
    }

    /** A text column, or null. */
    public static String string(DbRow row, String column) {
        return string(of(row), column);
    }

    /** An integer column; 0 when null. */
    public static long longValue(DbRow row, String column) {
        return longValue(of(row), column);
    }

    /** An integer column, or null. */
    public static Long nullableLong(DbRow row, String column) {
        return nullableLong(of(row), column);
    }

    /** A text column, or null. */
    public static String string(Columns row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }

    /** An integer column; 0 when null. */
    public static long longValue(Columns row, String column) {
        Object value = row.get(column);
        return value == null ? 0 : number(value);
    }

    /** An integer column, or null. */
    public static Long nullableLong(Columns row, String column) {
        Object value = row.get(column);
        return value == null ? null : number(value);
    }

    private static long number(Object value) {
        return value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue();
    }
}
