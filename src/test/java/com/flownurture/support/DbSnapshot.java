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
 * database did not change. The search index is derived from {@code contacts} and left out, and so is
 * {@code instances}, whose heartbeat moves every second whatever the requests do. {@code api_keys.last_used_at} is left out, since any authenticated request may touch it.
 */
public final class DbSnapshot {

    private DbSnapshot() {
    }

    /** The digest of the database's contents. */
    public static String of(Path dbFile) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            + "AND name NOT LIKE 'flyway_%' AND name NOT LIKE 'contacts_fts%' AND name <> 'instances' "
                            + "ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String table : tables) {
                digest.update(table.getBytes());
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid")) {
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

    /** Rows in one table. */
    public static long count(Path dbFile, String table) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
