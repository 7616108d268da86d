package com.flownurture.bench;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.flownurture.app.Components;
import com.flownurture.common.Ids;
import com.flownurture.common.JsonFields;
import com.flownurture.common.TargetPolicy;
import com.flownurture.config.AppConfig;
import com.flownurture.config.ConfigLoader;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.contacts.ContactImport;
import com.flownurture.db.AdHoc;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.engine.CaptureTransport;
import com.flownurture.engine.Engine;
import com.flownurture.engine.HttpWebhookClient;
import com.flownurture.engine.Outbox;
import com.flownurture.observe.Meters;
import com.flownurture.workflows.WorkflowStatus;
import jakarta.json.Json;

/**
 * The engine benchmark (not a test): enrolls N contacts (100,000 by default) in a 3-step workflow (SEND_EMAIL,
 * ADD_TAG, SEND_EMAIL) with the capture outbox, and reports step executions per second; then enrolls at a steady
 * rate below capacity and reports the lag from due time to execution (p50/p99). Run with {@code ./run.sh
 * bench-engine [N]}.
 */
public final class EngineBench {

    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("flownurture-bench");
        // -Ddatabase.url=jdbc:postgresql://... (BENCH_JAVA_OPTS) measures PostgreSQL instead of an SQLite file.
        AppConfig config = ConfigLoader.load(null, Map.of("database.path", dir.resolve("bench.db").toString(),
                "database.url", System.getProperty("database.url", ""),
                "engine.tick-ms", "50", "engine.batch-size", System.getProperty("batch", "500")), Map.of());
        Clock clock = Clock.systemUTC();
        try (Components c = Components.open(config, clock)) {
            String org = c.orgs().create("Bench").id();
            String tag = c.tags().create(org, "Engaged").id();
            String workflow = threeSteps(c, org, tag, "Three steps");
            long t0 = System.nanoTime();
            List<String> contacts = contacts(c, org, n, "bulk");
            enroll(c, org, workflow, contacts, clock.millis());
            System.out.printf("set-up: %,d contacts and enrollments in %.1f s%n", n, seconds(t0));

            Meters meters = new Meters();
            Engine engine = new Engine(c.db(), clock, new Engine.Repositories(c.claims(), c.enrollments(),
                    c.workflows(), c.contacts(), c.tags(), c.segments(), c.orgs(), c.messages()), meters,
                    config.engine(), new HttpWebhookClient(new TargetPolicy(false), config.webhooks().timeout()),
                    c.engineWakeup(), c.outboxWakeup());
            Outbox outbox = new Outbox(c.db(), clock, c.messages(), meters, config.mail(), c.publicUrl(),
                    new CaptureTransport(), c.outboxWakeup(), config.engine().tick(), config.engine().lease());
            long start = System.nanoTime();
            engine.start();
            outbox.start();
            while (count(c, "COMPLETED") < n) {
                Thread.sleep(100);
            }
            double elapsed = seconds(start);
            double stepsPerSecond = 3.0 * n / elapsed;

            int rate = 200;
            int batches = 50;
            List<String> steady = contacts(c, org, rate / 10 * batches, "steady");
            long steadyStart = clock.millis();
            for (int b = 0; b < batches; b++) {
                long due = clock.millis();
                enroll(c, org, workflow, steady.subList(b * rate / 10, (b + 1) * rate / 10), due);
                c.engineWakeup().wake();
                Thread.sleep(100);
            }
            while (count(c, "COMPLETED") < n + steady.size()) {
                Thread.sleep(50);
            }
            List<Long> lags = lags(c, steadyStart);

            // Triggers: contacts created at 200 a second in an organization with a CONTACT_CREATED workflow.
            String triggered = c.orgs().create("Triggered").id();
            String welcome = c.workflows().create(triggered, "Welcome", WorkflowStatus.ACTIVE, array("""
                    [{"type":"SEND_EMAIL","subject":"Welcome {{firstName|there}}","body":"Hello"}]"""),
                    automation()).id();
            for (int b = 0; b < batches; b++) {
                contacts(c, triggered, rate / 10, "trigger" + b + "-");
                Thread.sleep(100);
            }
            int triggers = rate / 10 * batches;
            while (completed(c, welcome) < triggers) {
                Thread.sleep(50);
            }
            List<Long> triggerLags = firstStepLags(c, welcome);
            engine.close();
            outbox.close();

            // Import with and without a CONTACT_CREATED workflow in the organization (the engine stopped: the
            // write path alone is measured).
            int rows = Math.min(n, 100_000);
            String plainOrg = c.orgs().create("Import").id();
            double plain = importSeconds(c, plainOrg, rows, "plain");
            String welcomingOrg = c.orgs().create("Import with a trigger").id();
            String importWelcome = c.workflows().create(welcomingOrg, "Welcome", WorkflowStatus.ACTIVE, array("""
                    [{"type":"DELAY","delayAmount":1,"delayUnit":"DAYS"}]"""), automation()).id();
            double withTrigger = importSeconds(c, welcomingOrg, rows, "welcomed");
            long importEnrolled = c.db().one(AdHoc.sql("SELECT COUNT(*) AS total FROM enrollments WHERE workflow_id = :w"),
                    Params.of("w", importWelcome), r -> r.longValue("total")).orElseThrow();
            System.out.println();
            System.out.println("| engine scenario | figure | target |");
            System.out.println("|---|---|---|");
            System.out.printf("| %,d enrollments × 3 steps, capture outbox | %,.0f step executions/s (%.1f s) | ≥ 5,000/s |%n",
                    n, stepsPerSecond, elapsed);
            System.out.printf("| lag due → executed at %d enrollments/s | p50 %d ms, p99 %d ms | p99 < 1 s |%n",
                    rate, percentile(lags, 50), percentile(lags, 99));
            System.out.printf("| trigger → first step at %d CONTACT_CREATED writes/s | p50 %d ms, p99 %d ms "
                    + "| p99 < 1 s |%n", rate, percentile(triggerLags, 50), percentile(triggerLags, 99));
            System.out.printf("| import of %,d rows without / with a CONTACT_CREATED workflow | %.1f s / %.1f s "
                    + "(%.2f×), %,d enrolled | ≤ 2×, all enrolled |%n", rows, plain, withTrigger, withTrigger / plain,
                    importEnrolled);
        }
    }

    /** The benchmark's ACTIVE workflow: SEND_EMAIL, ADD_TAG (the tag given), SEND_EMAIL. */
    static String threeSteps(Components c, String org, String tag, String name) {
        return c.workflows().create(org, name, WorkflowStatus.ACTIVE, array("""
                [{"type":"SEND_EMAIL","subject":"Hi {{firstName|there}}","body":"<p>Welcome {{firstName}}</p>"},
                 {"type":"ADD_TAG","tagId":"%s"},
                 {"type":"SEND_EMAIL","subject":"Tips","body":"Plain text for {{email}}"}]""".formatted(tag))).id();
    }

    /** Creates {@code n} contacts in batches of 5,000 a transaction; returns their ids. */
    static List<String> contacts(Components c, String org, int n, String prefix) {
        List<String> ids = new ArrayList<>(n);
        for (int from = 0; from < n; from += 5000) {
            int to = Math.min(n, from + 5000);
            int start = from;
            c.db().write(tx -> {
                for (int i = start; i < to; i++) {
                    var json = Json.createObjectBuilder().add("email", prefix + i + "@example.com")
                            .add("firstName", "Contact" + i).build();
                    ids.add(c.contacts().create(tx, org, ContactChanges.parse(new JsonFields(json, ""), true)).id());
                }
                return null;
            });
        }
        return ids;
    }

    /** Enrolls the contacts, due at {@code now}, in batches of 5,000 a transaction. */
    static void enroll(Components c, String org, String workflow, List<String> contacts, long now) {
        Statement insert = c.db().statement("enrollment-insert");
        for (int from = 0; from < contacts.size(); from += 5000) {
            List<String> slice = contacts.subList(from, Math.min(contacts.size(), from + 5000));
            c.db().write(tx -> {
                for (String contact : slice) {
                    tx.update(insert, Params.of("id", Ids.newId(), "org", org, "workflow", workflow,
                            "contact", contact, "step", 0, "event", null, "now", now));
                }
                return null;
            });
        }
    }

    private static long count(Components c, String status) {
        return c.db().one(AdHoc.sql("SELECT COUNT(*) AS total FROM enrollments WHERE status = :status"),
                Params.of("status", status), r -> r.longValue("total")).orElseThrow();
    }

    private static List<Long> lags(Components c, long since) {
        return c.db().list(AdHoc.sql("""
                SELECT h.executed_at - e.created_at AS lag FROM enrollment_history h
                JOIN enrollments e ON e.id = h.enrollment_id
                WHERE e.created_at >= :since AND h.step_order = 0"""), Params.of("since", since),
                r -> r.longValue("lag")).stream().sorted().toList();
    }

    private static long completed(Components c, String workflow) {
        return c.db().one(AdHoc.sql("SELECT COUNT(*) AS total FROM enrollments WHERE workflow_id = :w"
                + " AND status = 'COMPLETED'"), Params.of("w", workflow), r -> r.longValue("total")).orElseThrow();
    }

    /** From the triggering write (the enrollment made with it) to its first step executed. */
    private static List<Long> firstStepLags(Components c, String workflow) {
        return c.db().list(AdHoc.sql("""
                SELECT h.executed_at - e.created_at AS lag FROM enrollment_history h
                JOIN enrollments e ON e.id = h.enrollment_id WHERE e.workflow_id = :w AND h.step_order = 0"""),
                Params.of("w", workflow), r -> r.longValue("lag")).stream().sorted().toList();
    }

    /** Imports {@code rows} generated contacts through {@code contacts import}'s code path; returns the seconds. */
    private static double importSeconds(Components c, String org, int rows, String prefix) throws Exception {
        StringBuilder csv = new StringBuilder("email,firstName,company\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix).append(i).append("@example.com,Name").append(i).append(",Company ").append(i % 97)
                    .append('\n');
        }
        long start = System.nanoTime();
        new ContactImport(c.db(), c.contacts(), c.tags()).run(org, new StringReader(csv.toString()), 1000,
                System.err, read -> { });
        return seconds(start);
    }

    private static jakarta.json.JsonArray array(String json) {
        return Json.createReader(new StringReader(json)).readArray();
    }

    private static JsonFields automation() {
        return new JsonFields(Json.createReader(new StringReader("{\"trigger\":{\"type\":\"CONTACT_CREATED\"}}"))
                .readObject(), "");
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
