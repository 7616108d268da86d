package com.flownurture.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.flownurture.config.AppConfig;
import com.flownurture.support.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer thread outlives whatever a write throws at it, and an interrupt: every later write is answered. */
class WriterTest {

    @TempDir
    Path dir;

    @Test
    void theWriterSurvivesErrorsAndInterrupts() throws Exception {
        try (Database db = Database.open(new AppConfig.Database(dir.resolve("w.db"), 2, 1000))) {
            StackOverflowError thrown = new StackOverflowError("thrown by a write");
            StackOverflowError seen = assertThrows(StackOverflowError.class, () -> db.write(tx -> {
                insert(tx, "before");
                throw thrown;
            }));
            assertSame(thrown, seen, "the caller gets the write's own error");
            db.writerThread().interrupt();
            Await.until(Duration.ofSeconds(5), "the writer to take the interrupt",
                    () -> !db.writerThread().isInterrupted());
            assertTrue(db.writerThread().isAlive());
            insert(db, "after");
            assertEquals(List.of("after"), db.list(AdHoc.sql("SELECT id FROM organizations"), Params.of(),
                    row -> row.string("id")), "the failed write left nothing; the next one committed");
        }
    }

    private static void insert(Database db, String id) {
        db.write(tx -> insert(tx, id));
    }

    private static long insert(Tx tx, String id) {
        return tx.update(AdHoc.sql("INSERT INTO organizations (id, name, webhook_secret, created_at)"
                + " VALUES (:id, 'n', 's', 0)"), Params.of("id", id));
    }
}
