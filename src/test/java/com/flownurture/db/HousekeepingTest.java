package com.flownurture.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import com.flownurture.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL is folded back and truncated by the scheduled checkpoint, even after a long reader held it up. */
class HousekeepingTest {

    @TempDir
    Path dir;

    @Test
    void aCheckpointEmptiesTheWalOnceTheReaderHoldingItUpIsGone() throws Exception {
        Path file = dir.resolve("h.db");
        try (Database db = Database.open(new AppConfig.Database(file, 4, 2000))) {
            assertEquals(16384L, pragma(file, "PRAGMA page_size"), "new files get 16 KB pages");
            Path wal = Path.of(file + "-wal");
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement statement = reader.createStatement()) {
                // An open read transaction pins the WAL: SQLite's own checkpoints cannot get past its snapshot.
                reader.setAutoCommit(false);
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM organizations")) {
                    rs.next();
                }
                for (int i = 0; i < 300; i++) {
                    int n = i;
                    db.write(tx -> tx.update(AdHoc.sql("INSERT INTO organizations (id, name, webhook_secret,"
                            + " created_at) VALUES (:id, :name, 's', 0)"), Params.of("id", "o" + n, "name",
                            "x".repeat(4000))));
                }
                assertTrue(Files.size(wal) > 2_000_000, "the WAL grew behind the reader: " + Files.size(wal));
                assertFalse(db.checkpoint(), "a checkpoint cannot finish while the reader needs the WAL");
                reader.rollback();
            }
            assertTrue(db.checkpoint());
            assertEquals(0, Files.size(wal), "truncated");
            assertEquals(300, db.one(AdHoc.sql("SELECT count(*) AS n FROM organizations"), Params.of(),
                    row -> row.longValue("n")).orElseThrow());
            db.optimize();
        }
        assertEquals("ok", pragmaText(file, "PRAGMA integrity_check"));
    }

    private static long pragma(Path file, String sql) throws Exception {
        return Long.parseLong(pragmaText(file, sql));
    }

    private static String pragmaText(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
