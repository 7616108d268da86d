package com.flownurture.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.flownurture.cli.Cli;
import com.flownurture.support.Await;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.MutableClock;
import com.flownurture.support.SqliteOnly;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backup --to FILE} while the server keeps serving writes, and serving from the copy. */
@SqliteOnly("backup copies the SQLite file (VACUUM INTO); PostgreSQL is backed up with its own tools")
class BackupTest {

    @TempDir
    Path dir;

    @Test
    void anOnlineBackupIsConsistentAndServable() throws Exception {
        Path copy = dir.resolve("restore").resolve("test.db");
        Files.createDirectories(copy.getParent());
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger created = new AtomicInteger();
            Thread writer = Thread.ofPlatform().start(() -> {
                while (writing.get()) {
                    if (server.http().post("/api/v1/contacts", tenant.key(),
                            obj("email", "w" + created.get() + "@example.com")).status() == 201) {
                        created.incrementAndGet();
                    }
                }
            });
            Await.until(Duration.ofSeconds(30), "50 contacts written", () -> created.get() >= 50);
            int before = created.get();
            Path target = dir.resolve("backup.db");
            int exit = Cli.commandLine().execute("backup", "--to", target.toString(), "--db",
                    server.dbFile().toString());
            int after = created.get();
            writing.set(false);
            writer.join();
            assertEquals(0, exit);
            assertTrue(after > before || created.get() > before, "writes went on during the backup");
            long copied = DbSnapshot.count(target, "contacts");
            assertTrue(copied >= before && copied <= created.get(), "a snapshot between the two: " + copied);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target);
                 ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertEquals("ok", rs.getString(1));
                // The copy's search index still agrees with its contacts (VACUUM INTO keeps rowids); throws if not.
                c.createStatement().execute("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)");
            }
            assertEquals(2, Cli.commandLine().execute("backup", "--to", target.toString(), "--db",
                    server.dbFile().toString()), "an existing file is never overwritten");
            Files.copy(target, copy);
            // A backup is restored with the key its secrets were sealed with (docs/security.md).
            Files.copy(server.dir().resolve("secret.key"), copy.resolveSibling("secret.key"));

            try (TestApp restored = TestApp.start(Map.of(), copy.getParent(), MutableClock.now())) {
                assertEquals(Long.toString(copied), restored.http().get("/api/v1/contacts", tenant.key()).expect(200)
                        .header("X-Total-Count"), "serve --db on the copy works, with the same keys");
                assertEquals(1, restored.http().get("/api/v1/contacts?search=w10@example", tenant.key()).arr().size(),
                        "and so does search");
            }
        }
    }
}
