package com.flownurture.contacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.db.Database;
import com.flownurture.common.JsonFields;
import com.flownurture.tags.TagRepository;
import com.flownurture.common.Json;
import jakarta.json.JsonObjectBuilder;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Bulk contact import from CSV, streaming: rows are validated by the same rules as {@code POST /contacts} and
 * written in transactions of {@code batchSize} rows, upserting by email (an existing contact gets the row's
 * non-empty fields). A bad row is reported with its line number and skipped; it never stops the import.
 */
public final class ContactImport {

    /** The column of tag names, besides the writable contact fields. */
    private static final String TAGS = "tags";
    /** Columns a file may have: the API's names of the writable fields and {@code tags}; {@code email} is required. */
    static final List<String> COLUMNS = Stream.concat(ContactChanges.FIELDS.stream(), Stream.of(TAGS)).toList();

    /** The longest tag name, as {@code POST /tags} accepts. */
    private static final int MAX_TAG = 64;

    private final Database db;
    private final ContactRepository contacts;
    private final TagRepository tags;
    /** Tag ids by lower-cased name, found or created once per import. */
    private final Map<String, String> tagIds = new HashMap<>();

    public ContactImport(Database db, ContactRepository contacts, TagRepository tags) {
        this.db = db;
        this.contacts = contacts;
        this.tags = tags;
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
                .setIgnoreEmptyLines(true).setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).get();
        try (CSVParser parser = parse(csv, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains(ContactField.EMAIL.apiName())) {
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
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                // Where the next record starts: the line reported when it cannot be read.
                long line = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    write(orgId, batch, counts, errors);
                    progress.accept(read);
                    throw new InvalidInputException("line " + line + ": " + unreadable(e)
                            + "; the rows before it were imported");
                }
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

    /** The parser, once the header is read; a header that cannot be read is refused as line 1. */
    private static CSVParser parse(Reader csv, CSVFormat format) throws IOException {
        try {
            return CSVParser.parse(csv, format);
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException | CharacterCodingException
                 | CSVException e) {
            throw new InvalidInputException("line 1: " + unreadable(e));
        }
    }

    /**
     * A sentence for why the CSV parser stopped: its exceptions name its classes and internals, which say nothing
     * to whoever wrote the file.
     */
    static String unreadable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return "the file is not UTF-8 text (read it with a replacing decoder to have the line named)";
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "a quoted value is not closed (a \" is missing)";
        }
        if (message.contains("between encapsulated token and delimiter")) {
            return "a quoted value must be followed by a comma or the end of the line (write a \" inside quotes"
                    + " as \"\")";
        }
        if (message.contains("duplicate name")) {
            return "the header names a column twice";
        }
        return "the line is not valid CSV";
    }

    /** What one batch did: its counts, its rows' errors and the tags it created. */
    private record Batch(long created, long updated, List<String> errors, Map<String, String> newTags) {
    }

    private void write(String orgId, List<CSVRecord> batch, long[] counts, PrintStream errors) {
        if (batch.isEmpty()) {
            return;
        }
        // Everything the batch learns is kept only once it has committed: a write may run again after a rollback.
        Batch done = db.write(tx -> {
            long created = 0;
            long updated = 0;
            List<String> rowErrors = new ArrayList<>();
            Map<String, String> newTags = new HashMap<>();
            for (CSVRecord record : batch) {
                try {
                    requireDecoded(record);
                    ContactChanges fields = ContactChanges.parse(new JsonFields(json(record), ""), true);
                    List<String> tagNames = tagNames(record);
                    Optional<Contact> existing = contacts.findByEmail(tx, orgId, fields.email());
                    String id;
                    if (existing.isPresent()) {
                        id = contacts.update(tx, orgId, existing.get().id(), fields).id();
                        updated++;
                    } else {
                        id = contacts.create(tx, orgId, fields).id();
                        created++;
                    }
                    for (String name : tagNames) {
                        String lower = name.toLowerCase(Locale.ROOT);
                        String tagId = tagIds.containsKey(lower) ? tagIds.get(lower) : newTags.computeIfAbsent(lower,
                                n -> tags.findByName(tx, orgId, name).orElseGet(() -> tags.create(tx, orgId, name))
                                        .id());
                        tags.addToContact(tx, orgId, id, tagId);
                    }
                } catch (InvalidInputException | ConflictException | IllegalArgumentException e) {
                    rowErrors.add("line " + (record.getRecordNumber() + 1) + ": " + e.getMessage());
                }
            }
            return new Batch(created, updated, rowErrors, newTags);
        });
        tagIds.putAll(done.newTags());
        counts[0] += done.created();
        counts[1] += done.updated();
        counts[2] += done.errors().size();
        done.errors().forEach(errors::println);
    }

    /**
     * Refuses a row with bytes that were not UTF-8: the reader replaces them with U+FFFD (so the rows around it
     * can still be read, and its line be named) rather than let the parser stop at an unknown place.
     */
    private static void requireDecoded(CSVRecord record) {
        for (String value : record.values()) {
            if (value.indexOf('\uFFFD') >= 0) {
                throw new InvalidInputException("the line is not UTF-8 text");
            }
        }
    }

    /** The row's {@code tags} cell: names separated by semicolons, added to the contact (created when new). */
    private static List<String> tagNames(CSVRecord record) {
        if (!record.isMapped(TAGS) || record.get(TAGS).isBlank()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : record.get(TAGS).split(";")) {
            String trimmed = name.strip();
            if (trimmed.isEmpty() || trimmed.length() > MAX_TAG) {
                throw new InvalidInputException("tags must be names of 1 to " + MAX_TAG
                        + " characters separated by ';'");
            }
            names.add(trimmed);
        }
        return names;
    }

    /** A row as the JSON body the API would get: empty cells left out, numbers and custom fields typed. */
    private static jakarta.json.JsonObject json(CSVRecord record) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        for (Map.Entry<String, String> cell : record.toMap().entrySet()) {
            String value = cell.getValue();
            if (value == null || value.isEmpty() || cell.getKey().equals(TAGS)) {
                continue;
            }
            String name = cell.getKey();
            switch (ContactField.byName(name).type()) {
                case INTEGER -> {
                    try {
                        json.add(name, Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(name + " must be an integer");
                    }
                }
                case OBJECT -> {
                    try (var reader = Json.createReader(new java.io.StringReader(value))) {
                        json.add(name, reader.readValue());
                    } catch (RuntimeException e) {
                        throw new InvalidInputException(name + " must be a JSON object");
                    }
                }
                default -> json.add(name, value);
            }
        }
        return json.build();
    }
}
