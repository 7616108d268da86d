package com.flownurture.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a server's database from outside the server (tests of separate server JVMs, or of what a write left on disk).
 * Each call opens its own connection and closes it, so nothing is held while the server runs; the values are bound
 * parameters. {@code ServerDb.sqlite(file).count("SELECT COUNT(*) FROM contacts WHERE email = ?", email)}.
 *
 * @param url the database's JDBC URL
 */
public record ServerDb(String url) {

    /** The server's SQLite file. */
    public static ServerDb sqlite(Path file) {
        return new ServerDb("jdbc:sqlite:" + file);
    }

    /** The first column of the first row, as a long; fails when there is no row. */
    public long count(String sql, Object... params) {
        return query(sql, params, rs -> {
            if (!rs.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return rs.getLong(1);
        });
    }

    /** The first column of the first row as text: null when it is SQL NULL or there is no row. */
    public String text(String sql, Object... params) {
        return query(sql, params, rs -> rs.next() ? rs.getString(1) : null);
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql, Object... params) {
        return query(sql, params, rs -> {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        });
    }

    /** Every row, as its columns' values by label, in the query's order. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        return query(sql, params, rs -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        });
    }

    /** Runs a statement that returns no rows (SQLite's integrity commands are written as inserts). */
    public void execute(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = prepare(c, sql, params)) {
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private interface Reading<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Object[] params, Reading<T> reading) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = prepare(c, sql, params);
             ResultSet rs = s.executeQuery()) {
            return reading.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }
}
