package com.flownurture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.flownurture.db.Database;
import com.flownurture.db.Dialect;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who runs which SQL, read from the sources. Each table has one owner, a feature package; only the statements of
 * its file, {@code sql/<owner>.sql} (and {@code sql/postgres/<owner>.sql}), write it, and only classes of that
 * package resolve them. A statement is resolved with its name as a literal ({@code db.statement("contact-get")}),
 * so every name can be found with grep, an unknown name stops start-up, and an unused one fails here (in the
 * sources, and in a started server: every statement is resolved while the composition root builds its objects).
 *
 * <p>Reads may join other features' tables (a page of contacts with their tags); writes may not: a rule that
 * changes two features' tables calls both owners, from one named place (see docs/architecture.md).
 */
class DataOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/com/flownurture");
    private static final Path SQL = Path.of("src/main/resources/sql");

    /** Every table and the package that owns it. A new table must be added here. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            entry("organizations", "orgs"),
            entry("api_keys", "auth"),
            entry("contacts", "contacts"), entry("contact_counts", "contacts"),
            entry("tags", "tags"), entry("contact_tags", "tags"),
            entry("workflows", "workflows"), entry("workflow_steps", "workflows"),
            entry("segments", "segments"), entry("segment_members", "segments"), entry("segment_watches", "segments"),
            entry("enrollments", "enrollments"), entry("enrollment_history", "enrollments"),
            entry("messages", "messages"),
            entry("idempotency_keys", "idempotency"),
            entry("suppressions", "suppressions"), entry("delivery_events", "suppressions"),
            entry("events", "events"),
            entry("webhook_subscriptions", "webhooks"), entry("webhook_deliveries", "webhooks"),
            entry("rate_buckets", "ratelimit"),
            entry("users", "users"), entry("sessions", "users"),
            entry("instances", "instances"),
            entry("consent_log", "consent"), entry("consent_tokens", "consent"),
            entry("consent_held_creations", "consent"), entry("form_requests", "consent"),
            entry("tracking_events", "tracking"),
            entry("bounce_replays", "bounces"),
            entry("secret_keys", "secrets"));

    private static final Pattern NAME = Pattern.compile("(?m)^\\s*--\\s*name:\\s*(\\S+)\\s*$");
    private static final Pattern WRITE =
            Pattern.compile("(?i)\\b(?:insert\\s+(?:or\\s+\\w+\\s+)?into|update|delete\\s+from)\\s+([a-z_]+)");
    /** Words that follow UPDATE without a table: {@code DO UPDATE SET}, {@code FOR UPDATE SKIP LOCKED}. */
    private static final Set<String> NOT_TABLES = Set.of("set", "skip", "of", "nowait");
    private static final Pattern RESOLVED = Pattern.compile("\\.statement\\(\\s*(\"([^\"]*)\")?");

    /** A statement: the file (feature) that defines it and its SQL, per dialect folder. */
    private record Defined(String file, String sql) {
    }

    @Test
    void statementsAreResolvedByLiteralNamesThatExist() {
        Map<String, String> fileOf = fileOfEachStatement();
        List<String> wrong = new ArrayList<>();
        resolutions().forEach((where, name) -> {
            if (name == null) {
                wrong.add(where + " resolves a statement by a computed name: use a literal");
            } else if (!fileOf.containsKey(name)) {
                wrong.add(where + " resolves " + name + ", which no sql/*.sql defines");
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyStatementIsUsed() {
        Set<String> unused = new TreeSet<>(fileOfEachStatement().keySet());
        unused.removeAll(resolutions().values());
        assertTrue(unused.isEmpty(), "statements no source resolves (remove them): " + unused);
    }

    @Test
    void aServingProcessResolvesEveryStatementAtStartUp() {
        try (TestApp server = TestApp.start()) {
            Database db = server.app().components().db();
            // On SQLite the rate limit's buckets live in the process; only PostgreSQL's instances share them.
            Set<String> unused = db.dialect() == Dialect.SQLITE ? Set.of("rate-expire", "rate-take") : Set.of();
            assertEquals(unused, db.unresolved(), "statements no object built by the composition root resolves");
        }
    }

    @Test
    void onlyTheOwningPackageRunsAStatement() {
        Map<String, String> fileOf = fileOfEachStatement();
        List<String> wrong = new ArrayList<>();
        resolutions().forEach((where, name) -> {
            String file = fileOf.get(name);
            String pkg = where.substring(0, where.indexOf('/'));
            if (file != null && !file.equals(pkg)) {
                wrong.add(where + " runs " + name + " of sql/" + file + ".sql");
            }
        });
        assertTrue(wrong.isEmpty(), "statements run outside their feature:\n" + String.join("\n", wrong));
    }

    @Test
    void onlyTheOwnerWritesATable() {
        List<String> wrong = new ArrayList<>();
        Set<String> owningFiles = new TreeSet<>(OWNERS.values());
        statements().forEach((name, defined) -> {
            if (!owningFiles.contains(defined.file())) {
                wrong.add("sql/" + defined.file() + ".sql: its package owns no table (" + name.strip() + ")");
            }
            Matcher m = WRITE.matcher(defined.sql());
            while (m.find()) {
                String table = m.group(1).toLowerCase();
                if (NOT_TABLES.contains(table)) {
                    continue;
                }
                String owner = OWNERS.get(table);
                if (owner == null) {
                    wrong.add(name + " writes " + table + ", which has no owner in OWNERS");
                } else if (!owner.equals(defined.file())) {
                    wrong.add(name + " (sql/" + defined.file() + ".sql) writes " + table + ", owned by " + owner);
                }
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", new TreeSet<>(wrong)));
    }

    @Test
    void onlyTheDataLayerUsesHelidonsDbClient() {
        List<String> users = new ArrayList<>();
        ArchitectureTest.sources().forEach((file, text) -> {
            if (!file.startsWith(SOURCES.resolve("db")) && text.contains("io.helidon.dbclient")) {
                users.add(SOURCES.relativize(file).toString());
            }
        });
        assertTrue(users.isEmpty(), "io.helidon.dbclient outside db/ (use Statement, Reads and Tx): " + users);
    }

    /** Each {@code .statement(...)} call: "package/File.java:line:column" to the literal name, or null when computed. */
    private static Map<String, String> resolutions() {
        Map<String, String> found = new TreeMap<>();
        ArchitectureTest.sources().forEach((file, text) -> {
            if (file.startsWith(SOURCES.resolve("db"))) {
                return;
            }
            Matcher m = RESOLVED.matcher(text);
            while (m.find()) {
                String before = text.substring(0, m.start());
                int line = before.split("\n", -1).length;
                int column = m.start() - before.lastIndexOf('\n');
                found.put(SOURCES.relativize(file) + ":" + line + ":" + column, m.group(2));
            }
        });
        return found;
    }

    private static Map<String, String> fileOfEachStatement() {
        Map<String, String> fileOf = new TreeMap<>();
        statements().forEach((name, defined) -> fileOf.put(name.substring(name.indexOf(' ') + 1), defined.file()));
        return fileOf;
    }

    /** Every statement of every dialect, keyed "folder name" (the folder empty for the common files). */
    private static Map<String, Defined> statements() {
        Map<String, Defined> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SQL)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                String feature = file.getFileName().toString().replace(".sql", "");
                String folder = SQL.relativize(file).getParent() == null ? "" : file.getParent().getFileName().toString();
                String text = Files.readString(file);
                Matcher m = NAME.matcher(text);
                List<Integer> starts = new ArrayList<>();
                List<Integer> ends = new ArrayList<>();
                List<String> names = new ArrayList<>();
                while (m.find()) {
                    names.add(m.group(1));
                    starts.add(m.start());
                    ends.add(m.end());
                }
                for (int i = 0; i < names.size(); i++) {
                    int end = i + 1 < names.size() ? starts.get(i + 1) : text.length();
                    String sql = text.substring(ends.get(i), end).replaceAll("(?m)^\\s*--.*$", "");
                    all.put(folder + " " + names.get(i), new Defined(feature, sql));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(all.size() > 100, "the statements were not found under " + SQL.toAbsolutePath());
        return all;
    }
}
