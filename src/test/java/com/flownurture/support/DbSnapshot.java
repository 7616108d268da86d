package com.flownurture.support;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of every row of every table, read through a separate connection: two equal snapshots mean the
 * database did not change. The search index is derived from {@code contacts} and left out. The column
 * {@code api_keys.last_used_at} and the rate limit's buckets ({@code rate_buckets}, PostgreSQL's shared limit) are
 * left out, since any authenticated request touches them, and so is {@code instances}, whose heartbeat
 * moves every second.
 */
public final class DbSnapshot {

    private DbSnapshot() {
    }

    /** The digest of a test server's database, whichever the backend. */
    public static String of(TestApp server) {
        return of(server.jdbcUrl());
    }

    /** Rows in one table of a test server's database. */
    public static long count(TestApp server, String table) {
        return count(server.jdbcUrl(), table);
    }

    /** The digest of an SQLite file's contents. */
    public static String of(Path dbFile) {
        return of("jdbc:sqlite:" + dbFile);
    }

    /** Rows in one table of an SQLite file. */
    public static long count(Path dbFile, String table) {
        return count("jdbc:sqlite:" + dbFile, table);
    }

    private static String of(String url) {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sqlite
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            + "AND name NOT LIKE 'flyway_%' AND name NOT LIKE 'contacts_fts%' AND name <> 'instances' ORDER BY name"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                            + "AND table_name NOT LIKE 'flyway_%' AND table_name <> 'rate_buckets' AND table_name <> 'instances' "
                            + "ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String table : tables) {
                digest.update(table.getBytes());
                // PostgreSQL has no rowid: its rows are ordered by their whole text.
                try (ResultSet rs = s.executeQuery(sqlite ? "SELECT * FROM \"" + table + "\" ORDER BY rowid"
                        : "SELECT * FROM \"" + table + "\" t ORDER BY CAST(t AS TEXT)")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            if (table.equals("api_keys") && rs.getMetaData().getColumnName(i).equals("last_used_at")) {
                                continue;
                            }
                            digest.update(String.valueOf(rs.getObject(i)).getBytes());
                            digest.update((byte) 0);
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (SQLException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String url, String table) {
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
