package com.flownurture.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.flownurture.config.AppConfig;
import com.flownurture.config.ConfigLoader;
import picocli.CommandLine.Option;

/** {@code --db} and {@code --config}, accepted by every command. */
public final class CommonOptions {

    @Option(names = "--db", paramLabel = "FILE|URL",
            description = "SQLite database file (default: data/flownurture.db), or a jdbc:postgresql:// URL")
    String db;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file layered over config/application.yaml")
    Path config;

    /** The layered configuration, with these options on top. */
    AppConfig load(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(extra);
        if (db != null) {
            overrides.put(db.startsWith("jdbc:") ? "database.url" : "database.path", db);
        }
        return ConfigLoader.load(config, overrides, System.getenv());
    }

    AppConfig load() {
        return load(Map.of());
    }
}
