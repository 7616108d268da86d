package com.flownurture.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.helidon.dbclient.DbColumn;
import io.helidon.dbclient.DbRow;

/** Makes a {@link Row} of what each path reads: a DbClient row inside a write, a JDBC result set outside. */
final class Rows {

    private Rows() {
    }

    /** The columns of a DbClient row. */
    static Row of(DbRow row) {
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
    static Row of(ResultSet rs, Map<String, Integer> indexes) {
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
    static Map<String, Integer> indexes(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            indexes.putIfAbsent(meta.getColumnLabel(i), i);
        }
        return Map.copyOf(indexes);
    }
}
