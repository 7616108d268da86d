package com.flownurture.bounces;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import com.flownurture.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upgrade path of V48 on the backend under test: organizations made before it get a fresh random bounce secret
 * each, and their webhook secret is left as it was.
 */
class BounceSecretMigrationTest {

    @TempDir
    Path dir;

    @Test
    void existingOrganizationsGetAFreshBounceSecretEach() throws Exception {
        String url = TestDatabases.postgres() ? TestDatabases.urlFor(dir) : "jdbc:sqlite:" + dir.resolve("up.db");
        String folder = TestDatabases.postgres() ? "postgres" : "sqlite";
        migrate(url, folder, lastBefore48(url, folder));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO organizations (id, name, webhook_secret, created_at) VALUES "
                    + "('o1', 'One', 'hook-one', 1), ('o2', 'Two', 'hook-two', 2)");
        }
        migrate(url, folder, "48");
        Set<String> secrets = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT webhook_secret, bounce_secret FROM organizations ORDER BY id")) {
            int n = 0;
            while (rows.next()) {
                n++;
                assertEquals(n == 1 ? "hook-one" : "hook-two", rows.getString("webhook_secret"));
                String secret = rows.getString("bounce_secret");
                assertTrue(secret != null && secret.matches("[0-9a-f]{64}"), secret);
                secrets.add(secret);
            }
            assertEquals(2, n);
        }
        assertEquals(2, secrets.size(), "one secret each");
    }

    /** The newest version below 48 (others may add migrations below it). */
    private static String lastBefore48(String url, String folder) {
        return java.util.Arrays.stream(Flyway.configure().dataSource(url, null, null)
                        .locations("classpath:db/migration/" + folder).load().info().all())
                .map(org.flywaydb.core.api.MigrationInfo::getVersion).filter(v -> !v.isAtLeast("48"))
                .max(Comparable::compareTo).orElseThrow().getVersion();
    }

    private static void migrate(String url, String folder, String target) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + folder).target(target)
                .load().migrate();
    }
}
