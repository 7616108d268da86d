package com.flownurture.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend the suite runs on. Without {@code FLOWNURTURE_TEST_DATABASE_URL} every test server has its SQLite file
 * in its own folder; with it (a PostgreSQL URL whose user may create databases, as {@code ./run.sh test} gives the
 * second pass) every test server gets a database of its own on that server, named after its folder, so a restart
 * over the same folder finds its data again. The databases are dropped when the test JVM exits.
 */
public final class TestDatabases {

    /** The environment variable naming the PostgreSQL server of the suite's second pass. */
    public static final String VARIABLE = "FLOWNURTURE_TEST_DATABASE_URL";

    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll));
    }

    private TestDatabases() {
    }

    /** Whether this pass runs on PostgreSQL. */
    public static boolean postgres() {
        String url = System.getenv(VARIABLE);
        return url != null && !url.isBlank();
    }

    /** The JDBC URL of the database of a test server's folder, created on first use (PostgreSQL only). */
    public static String urlFor(Path dir) {
        String name = "t_" + dir.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        if (CREATED.add(name)) {
            admin(statement -> {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (!rs.next()) {
                        statement.execute("CREATE DATABASE " + name + " STRATEGY FILE_COPY");
                    }
                }
            });
        }
        return withDatabase(System.getenv(VARIABLE), name);
    }

    /** The URL with its database name replaced. */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    private static void dropAll() {
        admin(statement -> {
            for (String name : CREATED) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        });
    }

    private interface Work {
        void run(Statement statement) throws SQLException;
    }

    private static void admin(Work work) {
        try (Connection c = DriverManager.getConnection(System.getenv(VARIABLE));
             Statement s = c.createStatement()) {
            work.run(s);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + e.getMessage(), e);
        }
    }
}
