package com.flownurture.cli;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.contacts.ContactImport;
import com.flownurture.common.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code contacts import}. */
@Command(name = "contacts", description = "Bulk contact tools.", mixinStandardHelpOptions = true,
        subcommands = {ContactsCommand.Import.class})
final class ContactsCommand extends GroupCommand {

    /**
     * {@code contacts import --org ORG_ID --file contacts.csv}: streams a CSV (header row with the API's field
     * names), upserting by email; prints progress and per-row errors on stderr and a JSON summary on stdout.
     */
    @Command(name = "import", description = "Import contacts from a CSV file, upserting by email.",
            mixinStandardHelpOptions = true)
    static final class Import implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "Organization id")
        String org;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "CSV file with a header row")
        Path file;

        @Option(names = "--batch", defaultValue = "5000", description = "Rows per transaction (default 5000)")
        int batch;

        @Override
        public void run() {
            if (!Files.isReadable(file)) {
                throw new InvalidInputException("cannot read " + file);
            }
            if (batch < 1 || batch > 100_000) {
                throw new InvalidInputException("--batch must be 1 to 100000");
            }
            long start = System.nanoTime();
            try (Components c = Components.open(common.load(), Clock.systemUTC());
                 // Bytes that are not UTF-8 become U+FFFD, refused per row with its line (see ContactImport).
                 Reader reader = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                         StandardCharsets.UTF_8))) {
                if (c.orgs().find(org).isEmpty()) {
                    throw new NotFoundException("Organization not found");
                }
                ContactImport.Result result = c.imports().get().run(org, reader, batch,
                        System.err, rows -> System.err.printf("\rimported %,d rows (%,.0f rows/s)", rows,
                                rows / Math.max(1e-9, (System.nanoTime() - start) / 1e9)));
                System.err.println();
                System.out.println(Json.createObjectBuilder().add("created", result.created())
                        .add("updated", result.updated()).add("failed", result.failed())
                        .add("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0).build());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
