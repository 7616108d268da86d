package com.flownurture.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.flownurture.app.Components;
import com.flownurture.auth.Scopes;
import com.flownurture.config.ConfigLoader;
import com.flownurture.support.ChaosResult.Kill;
import jakarta.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import static com.flownurture.support.Json.obj;

/**
 * Exactly-once under failure: several {@code serve} processes on one PostgreSQL database run a workflow for
 * contacts enrolled through the API while, every {@code killEvery}, one of them is SIGKILLed and restarted at once.
 * SMTP goes to a GreenMail sink in this JVM, which counts what arrives by Message-ID. At the end the database and the
 * sink are compared ({@link ChaosResult}). {@code ChaosBench} runs it at full size, {@code ExactlyOnceTest} a short
 * one.
 */
public final class Chaos {

    private static final Duration FINISH_WITHIN = Duration.ofMinutes(10);
    /** A killed instance refuses at once; a loaded one may take long to answer, but answers. */
    private static final Duration CONNECT_WITHIN = Duration.ofSeconds(2);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    /**
     * @param java     the command that runs the server (the test classpath, or {@code java -jar} the built jar)
     * @param steps    the workflow's steps, a JSON array
     * @param mailRate each instance's {@code mail.rate-per-second}
     */
    public record Plan(String dbUrl, Path dir, List<String> java, int instances, int enrollments, int kills,
                       Duration killEvery, String steps, int mailRate) {

        int emailsPerEnrollment() {
            return steps.split("SEND_EMAIL", -1).length - 1;
        }
    }

    private final Plan plan;
    /** Each instance's API, null while it is down. */
    private final AtomicReferenceArray<Api> apis;
    private final AtomicReferenceArray<Process> processes;
    private final Path config;
    private String key;

    private Chaos(Plan plan) {
        this.plan = plan;
        this.apis = new AtomicReferenceArray<>(plan.instances());
        this.processes = new AtomicReferenceArray<>(plan.instances());
        this.config = plan.dir().resolve("chaos.yaml");
    }

    /** Runs the plan: sets up, enrolls under kills, waits for the work to finish, stops the servers, checks. */
    public static ChaosResult run(Plan plan) throws Exception {
        Smtp sink = Smtp.started();
        Chaos chaos = new Chaos(plan);
        try {
            return chaos.run(sink);
        } finally {
            chaos.stopAll();
            sink.stop();
        }
    }

    private ChaosResult run(Smtp sink) throws Exception {
        Files.writeString(config, """
                rate-limit: {requests-per-minute: 100000000}
                mail: {host: 127.0.0.1, port: %d, security: NONE, rate-per-second: %d}
                engine: {tick-ms: 100}
                """.formatted(sink.getSmtp().getPort(), plan.mailRate()));
        try (Components c = Components.open(ConfigLoader.load(config, Map.of("database.url", plan.dbUrl()),
                Map.of()), Clock.systemUTC())) {
            key = c.keys().create(c.orgs().create("Chaos").id(), "chaos", Scopes.ALL).secret();
        }
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < plan.instances(); i++) {
                int instance = i;
                starting.submit(() -> start(instance));
            }
        }
        String workflow = post(0, "/api/v1/workflows", obj("name", "Chaos", "status", "ACTIVE",
                "steps", Json.parse(plan.steps())));
        List<String> contacts = parallel(plan.enrollments(), i -> post(i, "/api/v1/contacts",
                obj("email", "chaos" + i + "@example.com")));

        long start = System.nanoTime();
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Kill>> killing = background.submit(() -> kill(start));
            parallel(contacts.size(), i -> enroll(i, contacts.get(i), workflow));
            Await.until(FINISH_WITHIN, "the work to finish", this::finished);
            long finishMs = (System.nanoTime() - start) / 1_000_000;
            List<Kill> kills = killing.get();
            return check(sink, finishMs, kills);
        }
    }

    /** Every enrollment completed and every message out of the outbox. */
    private boolean finished() {
        try {
            return count("SELECT COUNT(*) FROM enrollments WHERE status <> 'COMPLETED'") == 0
                    && count("SELECT COUNT(*) FROM messages WHERE status IN ('PENDING', 'SENDING')") == 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private ChaosResult check(Smtp sink, long finishMs, List<Kill> kills)
            throws SQLException, MessagingException {
        Map<String, Integer> arrived = new HashMap<>();
        for (MimeMessage m : sink.getReceivedMessages()) {
            arrived.merge(m.getMessageID(), 1, Integer::sum);
        }
        long sentNotReceived = 0;
        long interruptedReceived = 0;
        long known = 0;
        try (Connection c = DriverManager.getConnection(plan.dbUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT message_id, status, error FROM messages")) {
            while (rs.next()) {
                int times = arrived.getOrDefault(rs.getString(1), 0);
                known += times > 0 ? 1 : 0;
                if (rs.getString(2).equals("SENT") && times == 0) {
                    sentNotReceived++;
                } else if (rs.getString(2).equals("FAILED") && times > 0) {
                    interruptedReceived++;
                }
            }
        }
        long interrupted = count("SELECT COUNT(*) FROM messages WHERE status = 'FAILED' AND error LIKE "
                + "'Delivery uncertain%'");
        // With a sink that never fails, a message takes a second attempt only when a kill interrupted the first one
        // before the hand-over.
        long sentAgain = count("SELECT COUNT(*) FROM messages WHERE status = 'SENT' AND attempts > 1");
        long sent = count("SELECT COUNT(*) FROM messages WHERE status = 'SENT'");
        long queued = count("SELECT COUNT(*) FROM messages");
        return new ChaosResult(plan, finishMs, kills, count("SELECT COUNT(DISTINCT contact_id) FROM enrollments"),
                count("SELECT COUNT(*) FROM enrollments WHERE status = 'COMPLETED'"),
                count("SELECT COUNT(*) FROM (SELECT enrollment_id, step_id FROM enrollment_history WHERE step_id IS "
                        + "NOT NULL GROUP BY enrollment_id, step_id HAVING COUNT(*) > 1) AS twice"),
                queued, sent, interrupted, sentAgain, queued - sent - interrupted,
                arrived.values().stream().mapToLong(Integer::longValue).sum(),
                arrived.values().stream().filter(n -> n > 1).count(), sentNotReceived, arrived.size() - known,
                interruptedReceived);
    }

    /** Kills one instance every {@code killEvery}, in turn, restarting it at once; measures each takeover. */
    private List<Kill> kill(long start) throws Exception {
        List<Kill> kills = new ArrayList<>();
        List<FutureTask<Long>> restarts = new ArrayList<>();
        for (int k = 0; k < plan.kills(); k++) {
            long at = start + plan.killEvery().toNanos() * (k + 1);
            Await.pause(Duration.ofNanos(Math.max(0, at - System.nanoTime())));
            int victim = k % plan.instances();
            Process process = processes.get(victim);
            String instanceId = string("SELECT id FROM instances WHERE pid = ?", process.pid());
            if (instanceId == null) {
                throw new IllegalStateException("instance " + (victim + 1) + " has no row in instances");
            }
            apis.set(victim, null);
            process.destroyForcibly();
            process.waitFor();
            long killed = System.nanoTime();
            List<String> held = strings("SELECT id FROM enrollments WHERE claimed_by = ? AND claim_token IS NOT NULL "
                    + "AND status = 'ACTIVE'", instanceId);
            int sending = (int) count("SELECT COUNT(*) FROM messages WHERE status = 'SENDING' AND claimed_by = '"
                    + instanceId + "'");
            FutureTask<Long> restarted = new FutureTask<>(() -> {
                start(victim);
                return (System.nanoTime() - killed) / 1_000_000;
            });
            Thread.ofVirtual().start(restarted);
            restarts.add(restarted);
            long forgotten = -1;
            long takenOver = -1;
            while (takenOver < 0 && System.nanoTime() - killed < Duration.ofSeconds(60).toNanos()) {
                long elapsed = (System.nanoTime() - killed) / 1_000_000;
                if (forgotten < 0 && string("SELECT id FROM instances WHERE id = ?", instanceId) == null) {
                    forgotten = elapsed;
                }
                if (forgotten >= 0 && count("SELECT COUNT(*) FROM messages WHERE status = 'SENDING' AND claimed_by = '"
                        + instanceId + "'") == 0 && stillHeld(held, instanceId) == 0) {
                    takenOver = elapsed;
                }
                // A measurement, not a wait: a takeover that never comes is recorded as -1 for the result to judge.
                Await.pause(Duration.ofMillis(20));
            }
            kills.add(new Kill(victim, (killed - start) / 1_000_000, held.size(), sending, forgotten, takenOver,
                    -1));
        }
        // The replacements' start times, known once they serve: waiting for each before the next kill would
        // push the schedule back.
        List<Kill> measured = new ArrayList<>();
        for (int k = 0; k < kills.size(); k++) {
            Kill kill = kills.get(k);
            measured.add(new Kill(kill.instance(), kill.atMs(), kill.claimsHeld(), kill.sendingHeld(),
                    kill.forgottenMs(), kill.takenOverMs(), restarts.get(k).get()));
        }
        return measured;
    }

    private long stillHeld(List<String> held, String instanceId) throws SQLException {
        if (held.isEmpty()) {
            return 0;
        }
        return count("SELECT COUNT(*) FROM enrollments WHERE claimed_by = '" + instanceId + "' AND claim_token IS "
                + "NOT NULL AND status = 'ACTIVE' AND id IN ('" + String.join("','", held) + "')");
    }

    private Void start(int instance) throws IOException {
        Process process = ServerProcess.start(plan.java(), plan.dbUrl(), ProcessBuilder.Redirect.appendTo(
                plan.dir().resolve("instance-" + (instance + 1) + ".log").toFile()), "--config", config.toString());
        processes.set(instance, process);
        apis.set(instance, new Http(ServerProcess.awaitUrl(process)[0], CONNECT_WITHIN, ANSWER_WITHIN).api(key));
        return null;
    }

    private void stopAll() throws InterruptedException {
        for (int i = 0; i < processes.length(); i++) {
            if (processes.get(i) != null) {
                processes.get(i).destroy();
            }
        }
        for (int i = 0; i < processes.length(); i++) {
            if (processes.get(i) != null && !processes.get(i).waitFor(30, TimeUnit.SECONDS)) {
                processes.get(i).destroyForcibly();
            }
        }
    }

    /** Enrolls a contact on whichever instance answers; a retry after a kill may find it enrolled already (409). */
    private Void enroll(int i, String contact, String workflow) {
        JsonObject body = obj("contactId", contact, "workflowId", workflow);
        for (int attempt = 0; ; attempt++) {
            Api api = apis.get((i + attempt) % plan.instances());
            if (api != null) {
                try {
                    int status = api.post("/api/v1/enrollments", body).status();
                    if (status == 201 || status == 409 && attempt > 0) {
                        return null;
                    }
                    throw new IllegalStateException("enrolling " + contact + ": HTTP " + status);
                } catch (UncheckedIOException e) {
                    // that instance was killed: another one takes the request
                }
            }
            if (attempt > 200) {
                throw new IllegalStateException("no instance answered for " + contact);
            }
            Await.pause(Duration.ofMillis(20));
        }
    }

    /** Creates something through instance {@code i} (modulo their number); its id. */
    private String post(int i, String path, JsonObject body) {
        Http.Response response = apis.get(i % plan.instances()).post(path, body);
        if (response.status() != 201) {
            throw new IllegalStateException(path + ": HTTP " + response.status() + " " + response.body());
        }
        return response.obj().getString("id");
    }

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    /** Runs {@code n} tasks, 16 at a time, and returns their results in order. */
    private static <T> List<T> parallel(int n, Task<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(16);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < n && failed.get() == 0; i++) {
                int index = i;
                permits.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        return task.run(index);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        throw e;
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(plan.dbUrl());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String string(String sql, Object param) throws SQLException {
        List<String> all = strings(sql, param);
        return all.isEmpty() ? null : all.get(0);
    }

    private List<String> strings(String sql, Object param) throws SQLException {
        try (Connection c = DriverManager.getConnection(plan.dbUrl());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
