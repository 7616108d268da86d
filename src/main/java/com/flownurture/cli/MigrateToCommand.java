package com.flownurture.cli;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.config.AppConfig;
import com.flownurture.db.DatabaseCopy;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code migrate-to --url jdbc:postgresql://...}: copies the SQLite database ({@code --db}) into an empty PostgreSQL
 * database and verifies every table's row count. Stop the server first: writes made during the copy are not in it.
 */
@Command(name = "migrate-to", description = "Copy the SQLite database into an empty PostgreSQL database.",
        mixinStandardHelpOptions = true)
final class MigrateToCommand implements Runnable {

    @Mixin
    CommonOptions common;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The target, jdbc:postgresql://host:5432/database (empty; migrated here)")
    String url;

    @Option(names = "--username", paramLabel = "NAME", description = "The PostgreSQL user (or in the URL)")
    String username = "";

    @Option(names = "--password", paramLabel = "SECRET",
            description = "The PostgreSQL password; better FLOWNURTURE_DATABASE_PASSWORD, kept out of the process list")
    String password;

    @Override
    public void run() {
        AppConfig.Database source = common.load().database();
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new InvalidInputException("--url must be jdbc:postgresql://host:port/database");
        }
        String secret = password != null ? password
                : System.getenv().getOrDefault("FLOWNURTURE_DATABASE_PASSWORD", "");
        AppConfig.Database target = new AppConfig.Database(source.path(), 2, source.busyTimeoutMs(), url, username,
                secret);
        try {
            DatabaseCopy.Result result = DatabaseCopy.copy(source.path(), target);
            JsonObjectBuilder rows = Json.createObjectBuilder();
            result.rows().forEach(rows::add);
            System.out.println(Json.createObjectBuilder().add("from", source.path().toAbsolutePath().toString())
                    .add("to", url.replaceAll("password=[^&]*", "password=***")).add("rows", rows).add("verified", true)
                    .build());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
