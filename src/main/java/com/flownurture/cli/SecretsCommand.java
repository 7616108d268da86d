package com.flownurture.cli;

import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.common.Json;
import com.flownurture.secrets.StoredSecrets;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code secrets rotate}: the stored secrets and the key that seals them (docs/security.md, Secrets at rest). */
@Command(name = "secrets", description = "Manage the key that encrypts the stored secrets.",
        mixinStandardHelpOptions = true, subcommands = {SecretsCommand.Rotate.class})
final class SecretsCommand extends GroupCommand {

    /**
     * {@code secrets rotate}: re-encrypts every stored secret with the current key ({@code secrets.key}), opening
     * the old values with {@code secrets.previous-keys}; prints
     * {@code {"key","resealed":{"<table.column>":n},"retired":["<key id>"]}}. Afterwards the previous keys can go.
     */
    @Command(name = "rotate", description = "Re-encrypt every stored secret with the current key (secrets.key); "
            + "afterwards secrets.previous-keys can be emptied.", mixinStandardHelpOptions = true)
    static final class Rotate implements Runnable {
        @Mixin
        CommonOptions common;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                StoredSecrets.Rotation rotation = new StoredSecrets(c.db(), c.secrets(), c.clock(),
                        Components.sealedTables(c.db())).rotate();
                JsonObjectBuilder resealed = Json.createObjectBuilder();
                rotation.resealed().forEach((column, count) -> resealed.add(column.column(), count));
                System.out.println(Json.createObjectBuilder().add("key", rotation.key()).add("resealed", resealed)
                        .add("retired", Json.createArrayBuilder(rotation.retired())).build());
            }
        }
    }
}
