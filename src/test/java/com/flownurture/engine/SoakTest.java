package com.flownurture.engine;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.flownurture.app.Components;
import com.flownurture.auth.Scopes;
import com.flownurture.common.JsonFields;
import com.flownurture.config.ConfigLoader;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.ServerDb;
import com.flownurture.support.ServerProcess;
import com.flownurture.workflows.WorkflowStatus;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash consistency ({@code ./run.sh soak}): the server as a separate JVM under concurrent creates, updates, tag
 * changes and enrollments, killed with SIGKILL at random moments 20 times and restarted. After each restart every
 * write acknowledged with a 2xx is present, nothing unacknowledged is half-present, the database is intact and the
 * search index agrees with the table. Two workflows start themselves (CONTACT_CREATED, TAG_ADDED): every contact
 * present is enrolled in the first exactly once, and in the second exactly once if and only if it has the tag.
 */
@Tag("soak")
class SoakTest {

    private static final int CYCLES = 20;
    private static final int WORKERS = 4;
    /** Answers the server gave with an unexpected status, from the workers' threads. */
    private static final List<String> FAILURES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    /** What the clients know: acknowledged state, and what was sent but not acknowledged. */
    record Expected(String email, String id, String ackedCompany, String pendingCompany, boolean tagAcked,
                    boolean enrollAcked) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // twenty server starts; on two busy cores more than the default
    void twentyKillsLoseNoAcknowledgedWrite() throws Exception {
        Path db = dir.resolve("soak.db");
        Path config = dir.resolve("soak.yaml");
        Files.writeString(config, "rate-limit: {requests-per-minute: 10000000}\nengine: {tick-ms: 50, lease-seconds: 2}\n");
        String key;
        String tag;
        String workflow;
        String welcome;
        String tagged;
        try (Components c = Components.open(ConfigLoader.load(config, Map.of("database.path", db.toString()), Map.of()),
                Clock.systemUTC())) {
            String org = c.orgs().create("Soak").id();
            key = c.keys().create(org, "soak", Scopes.ALL).secret();
            tag = c.tags().create(org, "Soaked").id();
            workflow = c.workflows().create(org, "Soak flow", WorkflowStatus.ACTIVE, arr(
                    obj("type", "SEND_EMAIL", "subject", "Hi", "body", "b"), aDayLater())).id();
            welcome = c.workflows().create(org, "Welcome", WorkflowStatus.ACTIVE, arr(aDayLater()),
                    automation(obj("type", "CONTACT_CREATED"))).id();
            tagged = c.workflows().create(org, "Tagged", WorkflowStatus.ACTIVE, arr(aDayLater()),
                    automation(obj("type", "TAG_ADDED", "tagId", tag))).id();
        }
        Map<String, Expected> expected = new ConcurrentHashMap<>();
        AtomicInteger sequence = new AtomicInteger();
        Random random = new Random(7);
        int verified = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            Process server = ServerProcess.start(db, "--config", config.toString());
            // Timeouts: a request to the killed server fails rather than hangs.
            Api api = new Http(ServerProcess.awaitUrl(server)[0], Duration.ofSeconds(2), Duration.ofSeconds(5))
                    .api(key);
            verified += verify(db, expected, workflow);
            verified += verifyTriggers(db, welcome, tagged, tag);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(Thread.ofPlatform().start(() -> work(api, tag, workflow, expected, sequence, running)));
            }
            Await.pause(Duration.ofMillis(300 + random.nextInt(900)));
            server.destroyForcibly();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            running.set(false);
            for (Thread t : workers) {
                t.join();
            }
            assertEquals(List.of(), FAILURES, "answers other than the expected status, in cycle " + cycle);
        }
        Process last = ServerProcess.start(db, "--config", config.toString());
        ServerProcess.awaitUrl(last);
        verified += verify(db, expected, workflow);
        verified += verifyTriggers(db, welcome, tagged, tag);
        last.destroy();
        last.waitFor(20, TimeUnit.SECONDS);
        System.out.println("soak: " + CYCLES + " crash cycles survived, " + verified + " writes verified, "
                + expected.size() + " contacts tracked, 0 invariant violations");
    }

    private static void work(Api api, String tag, String workflow, Map<String, Expected> expected,
                             AtomicInteger sequence, AtomicBoolean running) {
        while (running.get()) {
            String email = "soak" + sequence.incrementAndGet() + "@example.com";
            expected.put(email, new Expected(email, null, null, "Created", false, false));
            Http.Response created = send("create", () -> api.post("/api/v1/contacts",
                    obj("email", email, "firstName", "Soak", "company", "Created")), 201);
            if (created == null) {
                return;
            }
            String id = created.obj().getString("id");
            expected.put(email, new Expected(email, id, "Created", null, false, false));
            String company = "Updated" + sequence.get();
            expected.put(email, new Expected(email, id, "Created", company, false, false));
            if (send("update", () -> api.patch("/api/v1/contacts/" + id, obj("company", company)), 200) == null) {
                return;
            }
            expected.put(email, new Expected(email, id, company, null, false, false));
            if (send("tag", () -> api.post("/api/v1/contacts/" + id + "/tags/add", obj("tagId", tag)), 200) == null) {
                return;
            }
            expected.put(email, new Expected(email, id, company, null, true, false));
            if (send("enroll", () -> api.post("/api/v1/enrollments", obj("contactId", id, "workflowId", workflow)),
                    201) == null) {
                return;
            }
            expected.put(email, new Expected(email, id, company, null, true, true));
        }
    }

    /** Checks every expectation against the database; returns how many acknowledged writes it verified. */
    private static int verify(Path db, Map<String, Expected> expected, String workflow) {
        ServerDb stored = ServerDb.sqlite(db);
        assertEquals("ok", stored.text("PRAGMA integrity_check"));
        // Throws when the search index disagrees with the contacts table.
        stored.execute("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)");
        assertEquals(1, stored.count("SELECT (SELECT COALESCE(SUM(total), 0) FROM contact_counts) = "
                + "(SELECT COUNT(*) FROM contacts)"), "the kept contact count agrees with the table");
        Map<String, Map<String, Object>> contacts = new HashMap<>();
        for (Map<String, Object> row : stored.rows("SELECT email_lower, id, first_name, company, "
                + "(SELECT COUNT(*) FROM contact_tags t WHERE t.contact_id = k.id) AS tags, "
                + "(SELECT COUNT(*) FROM enrollments e WHERE e.contact_id = k.id AND e.workflow_id = ?) AS enrolled "
                + "FROM contacts k", workflow)) {
            contacts.put((String) row.get("email_lower"), row);
        }
        int verified = 0;
        for (Expected e : expected.values()) {
            Map<String, Object> contact = contacts.get(e.email());
            if (e.id() == null) {
                if (contact != null) {
                    assertEquals("Soak", contact.get("first_name"), "an unacknowledged create is whole");
                    assertEquals("Created", contact.get("company"));
                }
                continue;
            }
            assertNotNull(contact, "an acknowledged contact is present: " + e.email());
            verified++;
            assertEquals(e.id(), contact.get("id"));
            String company = (String) contact.get("company");
            assertTrue(company.equals(e.ackedCompany()) || company.equals(e.pendingCompany()),
                    "the company is the acknowledged one or the one in flight: " + company + " / " + e);
            if (e.tagAcked()) {
                assertEquals(1, ((Number) contact.get("tags")).intValue(), "an acknowledged tag is present");
                verified++;
            }
            if (e.enrollAcked()) {
                assertEquals(1, ((Number) contact.get("enrolled")).intValue(),
                        "an acknowledged enrollment is present, once");
                verified++;
            }
        }
        return verified;
    }

    /** Checks that every triggering write committed with its enrollment; returns how many contacts it checked. */
    private static int verifyTriggers(Path db, String welcome, String tagged, String tag) {
        ServerDb stored = ServerDb.sqlite(db);
        String wrong = "SELECT COUNT(*) FROM contacts k WHERE "
                + "(SELECT COUNT(*) FROM enrollments e WHERE e.contact_id = k.id AND e.workflow_id = ?) <> 1 OR "
                + "(SELECT COUNT(*) FROM enrollments e WHERE e.contact_id = k.id AND e.workflow_id = ?) <> "
                + "(SELECT COUNT(*) FROM contact_tags t WHERE t.contact_id = k.id AND t.tag_id = ?)";
        assertEquals(0, stored.count(wrong, welcome, tagged, tag),
                "a triggering write without its enrollment, or one enrolled twice");
        return (int) stored.count("SELECT COUNT(*) FROM contacts");
    }

    private static JsonObject aDayLater() {
        return obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS");
    }

    private static JsonFields automation(JsonObject trigger) {
        return new JsonFields(obj("trigger", trigger), "");
    }

    /**
     * Sends a request; null when the connection failed, which is the kill this test makes (a refused or broken
     * connection, or no answer in time). An answer with any other status than {@code status} is a failure of the
     * server's, recorded in {@link #FAILURES} for the test to report.
     */
    private static Http.Response send(String what, Supplier<Http.Response> request, int status) {
        Http.Response r;
        try {
            r = request.get();
        } catch (UncheckedIOException killed) {
            return null;
        }
        if (r.status() != status) {
            FAILURES.add(what + " -> " + r.status() + " " + r.body());
            return null;
        }
        return r;
    }

}
