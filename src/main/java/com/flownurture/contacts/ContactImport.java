package com.flownurture.contacts;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.db.Database;
import com.flownurture.http.JsonFields;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Bulk contact import from CSV, streaming: rows are validated by the same rules as {@code POST /contacts} and
 * written in transactions of {@code batchSize} rows, upserting by email (an existing contact gets the row's
 * non-empty fields). A bad row is reported with its line number and skipped; it never stops the import.
 */
public final class ContactImport {

    /** Columns a file may have (the API's field names); {@code email} is required. */
    static final List<String> COLUMNS = List.of("email", "firstName", "lastName", "company", "jobTitle", "country",
            "city", "source", "lifecycleStage", "leadScore", "engagementScore", "customFields");

    private final Database db;
    private final ContactRepository contacts;

    public ContactImport(Database db, ContactRepository contacts) {
        this.db = db;
        this.contacts = contacts;
    }

    /** What an import did. */
    public record Result(long created, long updated, long failed) {
    }

    /**
     * Imports a CSV stream with a header row.
     *
     * @param errors  where per-row errors are reported ({@code line N: message})
     * @param progress called after each batch with the number of rows read so far
     * @throws InvalidInputException for a header without {@code email} or with an unknown column
     */
    public Result run(String orgId, Reader csv, int batchSize, PrintStream errors, java.util.function.LongConsumer progress)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains("email")) {
                throw new InvalidInputException("the CSV header must have an email column");
            }
            for (String column : header) {
                if (!COLUMNS.contains(column)) {
                    throw new InvalidInputException("unknown CSV column '" + column + "'; known: "
                            + String.join(",", COLUMNS));
                }
            }
            long[] counts = new long[3];
            long read = 0;
            List<CSVRecord> batch = new ArrayList<>(batchSize);
            for (CSVRecord record : parser) {
                batch.add(record);
                read++;
                if (batch.size() == batchSize) {
                    write(orgId, batch, counts, errors);
                    batch.clear();
                    progress.accept(read);
                }
            }
            write(orgId, batch, counts, errors);
            progress.accept(read);
            return new Result(counts[0], counts[1], counts[2]);
        }
    }

    private void write(String orgId, List<CSVRecord> batch, long[] counts, PrintStream errors) {
        if (batch.isEmpty()) {
            return;
        }
        db.write(tx -> {
            for (CSVRecord record : batch) {
                try {
                    ContactChanges fields = ContactChanges.parse(new JsonFields(json(record), ""), true);
                    Optional<Contact> existing = contacts.findByEmail(tx, orgId, fields.email());
                    if (existing.isPresent()) {
                        contacts.update(tx, orgId, existing.get().id(), fields);
                        counts[1]++;
                    } else {
                        contacts.create(tx, orgId, fields);
                        counts[0]++;
                    }
                } catch (InvalidInputException | ConflictException | IllegalArgumentException e) {
                    counts[2]++;
                    errors.println("line " + (record.getRecordNumber() + 1) + ": " + e.getMessage());
                }
            }
            return null;
        });
    }

    /** A row as the JSON body the API would get: empty cells left out, numbers and custom fields typed. */
    private static jakarta.json.JsonObject json(CSVRecord record) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        for (Map.Entry<String, String> cell : record.toMap().entrySet()) {
            String value = cell.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            switch (cell.getKey()) {
                case "leadScore", "engagementScore" -> {
                    try {
                        json.add(cell.getKey(), Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(cell.getKey() + " must be an integer");
                    }
                }
                case "customFields" -> {
                    try (var reader = Json.createReader(new java.io.StringReader(value))) {
                        json.add("customFields", reader.readValue());
                    } catch (RuntimeException e) {
                        throw new InvalidInputException("customFields must be a JSON object");
                    }
                }
                default -> json.add(cell.getKey(), value);
            }
        }
        return json.build();
    }
}
