package com.flownurture.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
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

    /**
     * A named statement is called with named parameters. Its {@code :name} placeholders reach the driver as they are
     * when values are given by position: sqlite-jdbc takes them as positional, pgjdbc refuses them.
     */
    @Test
    void namedStatementsAreNeverCalledWithPositionalValues() throws IOException {
        Pattern positional = Pattern.compile("\\.named(Get|Query|Insert|Update|Delete|Dml)\\(\"[a-z0-9-]+\",");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return positional.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertEquals(List.of(), offenders, "use createNamedX(name).addParam(name, value)");
        }
    }

    private static List<String> names(Dialect dialect) throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS.resolve(dialect.folder()))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
