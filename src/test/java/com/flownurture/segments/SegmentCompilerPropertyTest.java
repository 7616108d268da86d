package com.flownurture.segments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.flownurture.contacts.LifecycleStage;
import com.flownurture.db.Dialect;
import com.flownurture.support.Gen;
import com.flownurture.support.SeededCases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For random contacts and random rule sets, the compiled SQL selects exactly the contacts that an independent
 * in-memory evaluation of the same rules selects. 300 random cases from one seed ({@link SeededCases}).
 */
class SegmentCompilerPropertyTest {

    private static final long NOW = 1_780_000_000_000L;
    private static final long DAY = 86_400_000L;
    private static final List<String> WORDS = List.of("", "ann", "Ann", "ANNA", "bob", "acme", "Acme Inc", "x_y",
            "50%", "de", "DE");
    private static final List<String> VALUES = WORDS.stream().filter(w -> !w.isEmpty()).toList();
    private static final List<String> TAGS = List.of("t1", "t2", "t3");
    // Half the scores and ages come from a few shared values, so rules often meet a contact right at their bound.
    private static final List<Long> SCORES = List.of(-5L, -1L, 0L, 1L, 100L);
    private static final List<Long> DAYS = List.of(1L, 2L, 30L, 60L);
    private static final Pattern NAMED = Pattern.compile(":(p[0-9]+)");
    private static Connection db;

    /** @param events when each of the contact's events happened, by name */
    record Person(String id, String firstName, String company, String country, String stage, long leadScore,
                  long createdAt, String plan, Set<String> tags, Map<String, List<Long>> events) {
    }

    private static final List<String> EVENTS = List.of("signup", "order");

    @BeforeAll
    static void openDatabase() throws Exception {
        Path file = Files.createTempFile("segments", ".db");
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            // Each case rewrites the table: no fsync per statement, which only slows the suite down.
            s.execute("PRAGMA synchronous = OFF");
            s.execute("CREATE TABLE contacts (id TEXT PRIMARY KEY, org_id TEXT, email TEXT, first_name TEXT, "
                    + "last_name TEXT, company TEXT, job_title TEXT, country TEXT, city TEXT, source TEXT, "
                    + "lifecycle_stage TEXT, lead_score INTEGER, engagement_score INTEGER, custom_fields TEXT, "
                    + "created_at INTEGER, updated_at INTEGER)");
            s.execute("CREATE TABLE contact_tags (contact_id TEXT, tag_id TEXT)");
            s.execute("CREATE TABLE events (contact_id TEXT, name TEXT, occurred_at INTEGER)");
        }
    }

    @AfterAll
    static void closeDatabase() throws SQLException {
        db.close();
    }

    record Case(List<Person> people, SegmentRules rules) {
    }

    private static Case generate(Gen gen) {
        return new Case(gen.list(0, 12, () -> person(gen)), new SegmentRules(gen.list(0, 3,
                () -> new SegmentRules.Group("g", 0, gen.list(1, 4, () -> rule(gen))))));
    }

    private static Person person(Gen gen) {
        return new Person(null, word(gen), word(gen), gen.orNull(0.2, () -> gen.pick("DE", "us", "Fr")),
                gen.pick(LifecycleStage.names()), score(gen), NOW - (gen.chance(0.1) ? 0 : days(gen)) * DAY, word(gen),
                new TreeSet<>(gen.subset(TAGS)), events(gen));
    }

    private static Map<String, List<Long>> events(Gen gen) {
        Map<String, List<Long>> events = new java.util.TreeMap<>();
        for (String name : gen.subset(EVENTS)) {
            events.put(name, gen.list(1, 2, () -> NOW - days(gen) * DAY));
        }
        return events;
    }

    private static long score(Gen gen) {
        return gen.chance(0.5) ? gen.pick(SCORES) : gen.between(-5L, 100L);
    }

    private static long days(Gen gen) {
        return gen.chance(0.5) ? gen.pick(DAYS) : gen.between(1L, 60L);
    }

    private static String word(Gen gen) {
        return gen.orNull(0.2, () -> gen.pick(WORDS));
    }

    /** One rule of each shape, as likely: every field with every operator it takes. */
    private static SegmentRules.Rule rule(Gen gen) {
        return gen.oneOf(
                () -> new SegmentRules.Rule("r", gen.pick("firstName", "company", "country", "customFields.plan"),
                        gen.pick("equals", "not_equals", "contains", "not_contains", "starts_with", "ends_with"),
                        gen.pick(VALUES)),
                () -> new SegmentRules.Rule("r", gen.pick("firstName", "company", "customFields.plan"),
                        gen.pick("is_empty", "is_not_empty"), null),
                () -> new SegmentRules.Rule("r", gen.pick("country", "company"), gen.pick("in", "not_in"),
                        gen.list(1, 3, () -> gen.pick(VALUES))),
                () -> new SegmentRules.Rule("r", "leadScore", gen.pick("equals", "not_equals", "gt", "gte", "lt", "lte"),
                        score(gen)),
                () -> new SegmentRules.Rule("r", "lifecycleStage", gen.pick("equals", "not_equals", "at_least",
                        "at_most"), gen.pick(LifecycleStage.values())),
                () -> new SegmentRules.Rule("r", "createdAt", gen.pick("within_last_days", "more_than_days_ago"),
                        days(gen)),
                () -> new SegmentRules.Rule("r", "tag", gen.pick("has", "has_not"), gen.pick(TAGS)),
                () -> new SegmentRules.Rule("r", "event", gen.pick("performed", "not_performed"), gen.pick(EVENTS),
                        gen.orNull(0.5, () -> (int) days(gen))));
    }

    @TestFactory
    Stream<DynamicTest> sqlAgreesWithInMemoryEvaluation() {
        return SeededCases.fromSystemProperty().cases(300, SegmentCompilerPropertyTest::generate,
                c -> sqlAgreesWithInMemoryEvaluation(c.people(), c.rules()));
    }

    private static void sqlAgreesWithInMemoryEvaluation(List<Person> people, SegmentRules rules) throws SQLException {
        List<Person> stored = load(people);
        Set<String> expected = new TreeSet<>();
        for (Person p : stored) {
            if (rules.groups().stream().anyMatch(g -> g.rules().stream().allMatch(r -> matches(p, r)))) {
                expected.add(p.id());
            }
        }
        assertEquals(expected, select(rules), () -> "rules " + rules + " over " + stored);
    }

    private static List<Person> load(List<Person> people) throws SQLException {
        List<Person> stored = new ArrayList<>();
        try (Statement s = db.createStatement()) {
            s.execute("DELETE FROM contacts");
            s.execute("DELETE FROM contact_tags");
            s.execute("DELETE FROM events");
        }
        try (PreparedStatement c = db.prepareStatement("INSERT INTO contacts (id, org_id, email, first_name, company, "
                + "country, lifecycle_stage, lead_score, engagement_score, custom_fields, created_at, updated_at) "
                + "VALUES (?, 'org', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
             PreparedStatement t = db.prepareStatement("INSERT INTO contact_tags VALUES (?, ?)");
             PreparedStatement e = db.prepareStatement("INSERT INTO events VALUES (?, ?, ?)")) {
            int n = 0;
            for (Person p : people) {
                String id = "c" + n++;
                stored.add(new Person(id, p.firstName(), p.company(), p.country(), p.stage(), p.leadScore(),
                        p.createdAt(), p.plan(), p.tags(), p.events()));
                c.setString(1, id);
                c.setString(2, id + "@example.com");
                c.setString(3, p.firstName());
                c.setString(4, p.company());
                c.setString(5, p.country());
                c.setString(6, p.stage());
                c.setLong(7, p.leadScore());
                c.setString(8, p.plan() == null ? "{}" : jakarta.json.Json.createObjectBuilder()
                        .add("plan", p.plan()).build().toString());
                c.setLong(9, p.createdAt());
                c.setLong(10, p.createdAt());
                c.executeUpdate();
                for (String tag : p.tags()) {
                    t.setString(1, id);
                    t.setString(2, tag);
                    t.executeUpdate();
                }
                for (Map.Entry<String, List<Long>> event : p.events().entrySet()) {
                    for (long at : event.getValue()) {
                        e.setString(1, id);
                        e.setString(2, event.getKey());
                        e.setLong(3, at);
                        e.executeUpdate();
                    }
                }
            }
        }
        return stored;
    }

    private static Set<String> select(SegmentRules rules) throws SQLException {
        SegmentCompiler.Condition condition = SegmentCompiler.compile(rules, NOW, Dialect.SQLITE);
        Set<String> ids = new TreeSet<>();
        // The condition's :name parameters, bound by position over plain JDBC, as the data layer binds them.
        Matcher named = NAMED.matcher(condition.sql());
        List<Object> values = new ArrayList<>();
        while (named.find()) {
            values.add(condition.params().get(named.group(1)));
        }
        try (PreparedStatement s = db.prepareStatement(
                "SELECT c.id FROM contacts c WHERE c.org_id = 'org' AND " + named.replaceAll("?"))) {
            for (int i = 0; i < values.size(); i++) {
                s.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** The rules' documented meaning, written independently of the compiler. */
    private static boolean matches(Person p, SegmentRules.Rule rule) {
        Map<String, String> text = new java.util.HashMap<>();
        text.put("firstName", p.firstName());
        text.put("company", p.company());
        text.put("country", p.country());
        text.put("customFields.plan", p.plan());
        return switch (rule.field()) {
            case "leadScore" -> compare(p.leadScore(), (Long) rule.value(), rule.operator());
            case "lifecycleStage" -> {
                // Funnel order: the order the stages are declared in.
                int have = LifecycleStage.valueOf(p.stage()).ordinal();
                int want = ((LifecycleStage) rule.value()).ordinal();
                yield switch (rule.operator()) {
                    case "equals" -> have == want;
                    case "not_equals" -> have != want;
                    case "at_least" -> have >= want;
                    default -> have <= want;
                };
            }
            case "createdAt" -> rule.operator().equals("within_last_days")
                    ? p.createdAt() >= NOW - (Long) rule.value() * DAY
                    : p.createdAt() < NOW - (Long) rule.value() * DAY;
            case "tag" -> rule.operator().equals("has") == p.tags().contains((String) rule.value());
            case "event" -> rule.operator().equals("performed") == p.events().getOrDefault((String) rule.value(),
                    List.of()).stream().anyMatch(at -> rule.withinDays() == null || at >= NOW - rule.withinDays() * DAY);
            default -> textMatches(fold(text.get(rule.field())), rule);
        };
    }

    private static boolean textMatches(String have, SegmentRules.Rule rule) {
        if (rule.value() instanceof List<?> values) {
            boolean in = values.stream().anyMatch(v -> fold((String) v).equals(have));
            return rule.operator().equals("in") == in;
        }
        String want = fold((String) rule.value());
        return switch (rule.operator()) {
            case "equals" -> have.equals(want);
            case "not_equals" -> !have.equals(want);
            case "contains" -> have.contains(want);
            case "not_contains" -> !have.contains(want);
            case "starts_with" -> have.startsWith(want);
            case "ends_with" -> have.endsWith(want);
            case "is_empty" -> have.isEmpty();
            default -> !have.isEmpty();
        };
    }

    private static boolean compare(long have, long want, String operator) {
        return switch (operator) {
            case "equals" -> have == want;
            case "not_equals" -> have != want;
            case "gt" -> have > want;
            case "gte" -> have >= want;
            case "lt" -> have < want;
            default -> have <= want;
        };
    }

    private static String fold(String text) {
        return text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
    }
}
