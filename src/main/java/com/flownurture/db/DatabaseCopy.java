package com.flownurture.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.flownurture.config.AppConfig;

/**
 * Copies an SQLite database into an empty PostgreSQL one ({@code migrate-to}): every table, every row with its ids
 * and timestamps unchanged, in one PostgreSQL transaction, then compares the row counts of every table. Both
 * databases are first migrated to this server's schema, so their tables and columns are the same. Contacts keep
 * their creation order (SQLite's rowid becomes {@code seq}); the search index is built by PostgreSQL as the rows
 * arrive, the per-organization counts once after them. Tables are taken in foreign-key order from SQLite's own catalogue, so a
 * table a later migration adds is copied without a change here.
 */
public final class DatabaseCopy {

    /** Kept by triggers or by each instance: rebuilt, never copied. */
    private static final Set<String> DERIVED = Set.of("contact_counts", "rate_buckets");
    private static final int BATCH = 1000;

    private DatabaseCopy() {
    }

    /** The tables copied and their row counts, equal on both sides. */
    public record Result(Map<String, Long> rows) {
    }

    /**
     * Copies {@code source} into {@code target}.
     *
     * @throws IllegalArgumentException when the target already holds data, or a count differs after the copy
     */
    public static Result copy(Path source, AppConfig.Database target) {
        AppConfig.Database sqlite = new AppConfig.Database(source, 2, 5000);
        if (!java.nio.file.Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no SQLite database at " + source);
        }
        // Opening migrates each to this server's schema.
        Database.open(sqlite).close();
        Database.open(target).close();
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + source.toAbsolutePath());
             Connection to = DriverManager.getConnection(target.url(), properties(target))) {
            List<String> tables = inForeignKeyOrder(from);
            requireEmpty(to, tables);
            to.setAutoCommit(false);
            try (Statement counts = to.createStatement()) {
                // The trigger would update one count row per contact in this one transaction: every update leaves a
                // version the next must pass over (a million contacts took hours). Counted once at the end instead.
                counts.execute("ALTER TABLE contacts DISABLE TRIGGER contact_counts_insert");
                for (String table : tables) {
                    copyTable(from, to, table);
                }
                counts.execute("ALTER TABLE contacts ENABLE TRIGGER contact_counts_insert");
                counts.execute("INSERT INTO contact_counts (org_id, total) "
                        + "SELECT org_id, COUNT(*) FROM contacts GROUP BY org_id");
                to.commit();
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : tables) {
                long copied = count(from, table);
                long arrived = count(to, table);
                if (copied != arrived) {
                    throw new IllegalArgumentException(table + ": " + copied + " rows in SQLite, " + arrived
                            + " in PostgreSQL");
                }
                rows.put(table, copied);
            }
            return new Result(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("copy failed: " + e.getMessage(), e);
        }
    }

    private static Properties properties(AppConfig.Database target) {
        Properties properties = new Properties();
        if (!target.username().isBlank()) {
            properties.setProperty("user", target.username());
        }
        if (!target.password().isBlank()) {
            properties.setProperty("password", target.password());
        }
        properties.setProperty("stringtype", "unspecified");
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    /** SQLite's tables, each after the tables its foreign keys name. */
    private static List<String> inForeignKeyOrder(Connection from) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (Statement s = from.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway_%' AND name NOT LIKE 'contacts_fts%' "
                     + "ORDER BY name")) {
            while (rs.next()) {
                if (!DERIVED.contains(rs.getString(1))) {
                    parents.put(rs.getString(1), new LinkedHashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
            try (Statement s = from.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"table\" FROM pragma_foreign_key_list('" + table.getKey()
                         + "')")) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(table.getKey())) {
                        table.getValue().add(rs.getString(1));
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < parents.size()) {
            int before = ordered.size();
            parents.forEach((table, needs) -> {
                if (!ordered.contains(table) && ordered.containsAll(needs)) {
                    ordered.add(table);
                }
            });
            if (ordered.size() == before) {
                throw new IllegalStateException("foreign keys form a cycle among " + parents.keySet());
            }
        }
        return ordered;
    }

    private static void requireEmpty(Connection to, List<String> tables) throws SQLException {
        for (String table : tables) {
            if (count(to, table) > 0) {
                throw new IllegalArgumentException("the PostgreSQL database is not empty: " + table + " has rows");
            }
        }
    }

    /**
     * Copies one table in rowid order; a {@code seq} column that SQLite lacks takes the rowid (creation order), and
     * a {@code seq} sequence is moved past the copied rows.
     */
    private static void copyTable(Connection from, Connection to, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = from.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        boolean serial = hasColumn(to, table, "seq");
        boolean seq = serial && !columns.contains("seq");
        List<String> targetColumns = new ArrayList<>(columns);
        if (seq) {
            targetColumns.add("seq");
        }
        String select = "SELECT " + quoted(columns) + ", rowid FROM \"" + table + "\" ORDER BY rowid";
        String insert = "INSERT INTO \"" + table + "\" (" + quoted(targetColumns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(targetColumns.size(), "?")) + ")";
        try (Statement s = from.createStatement();
             ResultSet rs = s.executeQuery(select);
             PreparedStatement out = to.prepareStatement(insert)) {
            int pending = 0;
            while (rs.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    out.setObject(i, rs.getObject(i));
                }
                if (seq) {
                    out.setLong(columns.size() + 1, rs.getLong(columns.size() + 1));
                }
                out.addBatch();
                if (++pending == BATCH) {
                    out.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                out.executeBatch();
            }
        }
        if (serial) {
            // The next row made on PostgreSQL comes after every copied one.
            try (Statement s = to.createStatement()) {
                s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'seq'), "
                        + "GREATEST((SELECT COALESCE(MAX(seq), 0) FROM \"" + table + "\"), 1))");
            }
        }
    }

    private static boolean hasColumn(Connection to, String table, String column) throws SQLException {
        try (PreparedStatement s = to.prepareStatement("SELECT 1 FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?")) {
            s.setString(1, table);
            s.setString(2, column);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String quoted(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "\"" + c + "\"").toList());
    }
}
