package com.flownurture.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;

import com.flownurture.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every read outside a write runs on a platform thread of the reader pool, whichever thread asks; a read started on
 * a reader runs in place (with one reader, queueing it would wait forever).
 */
class ReadPathTest {

    @TempDir
    Path dir;

    @Test
    void readsFromAVirtualThreadRunOnTheReaderPool() throws Exception {
        try (Database db = Database.open(new AppConfig.Database(dir.resolve("r.db"), 1, 1000));
             var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread inAGroup = virtual.submit(() -> db.read(reads -> {
                reads.list(AdHoc.sql("SELECT 1 AS one"), Params.of(), row -> 1);
                return Thread.currentThread();
            })).get();
            Thread alone = virtual.submit(() -> db.one(AdHoc.sql("SELECT :v AS v"), Params.of("v", "x"),
                    row -> Thread.currentThread()).orElseThrow()).get();
            Thread nested = virtual.submit(() -> db.read(reads -> db.one(AdHoc.sql("SELECT 1 AS one"), Params.of(),
                    row -> Thread.currentThread()).orElseThrow())).get();
            for (Thread reader : List.of(inAGroup, alone, nested)) {
                assertFalse(reader.isVirtual(), reader + " is virtual");
                assertTrue(reader.getName().startsWith("sqlite-reader-"), reader.getName());
            }
        }
    }
}
