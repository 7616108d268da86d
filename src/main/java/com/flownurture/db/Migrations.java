package com.flownurture.db;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with Flyway ({@code db/migration/<dialect>}) before anything else touches it. */
final class Migrations {

    private Migrations() {
    }

    static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + dialect.folder())
                // Refuse a database migrated by a newer server: never run against a schema we do not know.
                .ignoreMigrationPatterns(new String[0])
                .load()
                .migrate();
    }
}
