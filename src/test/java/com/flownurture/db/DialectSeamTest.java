package com.flownurture.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What keeps the two databases from drifting apart, checked in the sources. */
class DialectSeamTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    @Test
    void everyMigrationExistsForBothDialectsUnderTheSameName() throws IOException {
        List<String> sqlite = names(Dialect.SQLITE);
        assertFalse(sqlite.isEmpty());
        assertEquals(sqlite, names(Dialect.POSTGRES), "db/migration/sqlite and db/migration/postgres");
        try (Stream<Path> loose = Files.list(MIGRATIONS)) {
            assertEquals(List.of(), loose.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList(),
                    "a migration belongs in a dialect's folder");
        }
    }

    private static List<String> names(Dialect dialect) throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS.resolve(dialect.folder()))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
