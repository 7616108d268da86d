package com.flownurture.cli;

import java.nio.file.Path;
import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.common.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backup --to FILE}: a consistent online copy; the server may keep running and writing. */
@Command(name = "backup", description = "Copy the database consistently to a new file while the server runs.",
        mixinStandardHelpOptions = true)
final class BackupCommand implements Runnable {

    @Mixin
    CommonOptions common;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The new backup file (must not exist)")
    Path to;

    @Override
    public void run() {
        try (Components c = Components.open(common.load(), Clock.systemUTC())) {
            long bytes = c.db().backupTo(to);
            System.out.println(Json.createObjectBuilder().add("backup", to.toAbsolutePath().toString())
                    .add("bytes", bytes).build());
        } catch (IllegalArgumentException e) {
            throw new com.flownurture.common.InvalidInputException(e.getMessage());
        }
    }
}
