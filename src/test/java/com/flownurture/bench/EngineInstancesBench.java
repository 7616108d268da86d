package com.flownurture.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.flownurture.app.Components;
import com.flownurture.config.AppConfig;
import com.flownurture.config.ConfigLoader;
import com.flownurture.db.AdHoc;
import com.flownurture.db.Params;
import com.flownurture.support.Http;

/**
 * The engine with several instances on one PostgreSQL database (not a test): N {@code serve} processes of the jar
 * claim the same work, as they would on N machines. This JVM writes the work and watches it only through the
 * database; its own engine never runs. Steps:
 * <ol>
 *   <li>contacts and their enrollments in EngineBench's 3-step workflow, due in the year 2100 (not yet due);</li>
 *   <li>the instances started; ready when each has its heartbeat row in {@code instances};</li>
 *   <li>a warm-up workflow's 3,000 enrollments made due and run (the instances' JIT warms up);</li>
 *   <li>the measured enrollments made due by one UPDATE; step executions per second from that moment to the last
 *       step recorded in {@code enrollment_history}, each instance's share from its {@code /metrics}, and the CPU
 *       time the instances and PostgreSQL's processes used for it (what a larger machine's cores must supply);</li>
 *   <li>200 enrollments a second for 5 s, due at once: the lag from due to the first step executed. Instances poll
 *       (an in-process wake-up reaches only its own JVM's engine), so the tick bounds it.</li>
 * </ol>
 * Run by {@code ./run.sh bench-engine --backend postgres}: {@code EngineInstancesBench URL INSTANCES ENROLLMENTS}.
 * The instances run with {@code bench/engine-instances.yaml} and FLOWNURTURE_JAVA_OPTS (or run.sh's cluster heap);
 * {@code -Dbench.postmaster=PID} names the PostgreSQL server whose CPU time is counted.
 */
public final class EngineInstancesBench {

    private static final long NOT_YET = 4_102_444_800_000L; // 2100-01-01
    private static final int WARM_UP = 3_000;

    private EngineInstancesBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int instances = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        AppConfig config = ConfigLoader.load(null, Map.of("database.url", url, "database.pool-size", "4"), Map.of());
        Clock clock = Clock.systemUTC();
        List<Process> servers = new ArrayList<>();
        try (Components c = Components.open(config, clock)) {
            String org = c.orgs().create("Bench").id();
            String tag = c.tags().create(org, "Engaged").id();
            String measured = EngineBench.threeSteps(c, org, tag, "Measured");
            String warm = EngineBench.threeSteps(c, org, tag, "Warm-up");
            String steady = EngineBench.threeSteps(c, org, tag, "Steady");
            long t0 = System.nanoTime();
            EngineBench.enroll(c, org, measured, EngineBench.contacts(c, org, n, "bulk"), NOT_YET);
            EngineBench.enroll(c, org, warm, EngineBench.contacts(c, org, WARM_UP, "warm"), NOT_YET);
            List<String> steadyContacts = EngineBench.contacts(c, org, 1000, "steady");
            System.err.printf("set-up: %,d contacts and enrollments in %.1f s%n", n + WARM_UP,
                    EngineBench.seconds(t0));

            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                ports.add(freePort());
                servers.add(serve(url, ports.getLast(), i));
            }
            while (count(c, "SELECT COUNT(*) AS total FROM instances WHERE heartbeat_at > :p",
                    clock.millis() - 3000) < instances) {
                alive(servers);
                Thread.sleep(200);
            }
            makeDue(c, warm, clock.millis());
            await(c, warm, WARM_UP, servers);

            List<Long> before = claims(ports);
            double serversCpu = cpuSeconds(servers.stream().map(Process::toHandle));
            double postgresCpu = cpuSeconds(postgres());
            long due = clock.millis();
            makeDue(c, measured, due);
            await(c, measured, n, servers);
            long last = count(c, """
                    SELECT MAX(h.executed_at) AS total FROM enrollment_history h
                    JOIN enrollments e ON e.id = h.enrollment_id WHERE e.workflow_id = :p""", measured);
            List<Long> after = claims(ports);
            serversCpu = cpuSeconds(servers.stream().map(Process::toHandle)) - serversCpu;
            postgresCpu = cpuSeconds(postgres()) - postgresCpu;
            long steps = count(c, """
                    SELECT COUNT(*) AS total FROM enrollment_history h
                    JOIN enrollments e ON e.id = h.enrollment_id WHERE e.workflow_id = :p""", measured);
            double elapsed = (last - due) / 1000.0;
            List<String> shares = new ArrayList<>();
            long all = 0;
            for (int i = 0; i < instances; i++) {
                all += after.get(i) - before.get(i);
            }
            for (int i = 0; i < instances; i++) {
                shares.add(Math.round(100.0 * (after.get(i) - before.get(i)) / Math.max(1, all)) + "%");
            }

            // Steady: 20 enrollments every 100 ms, due at once, for 5 s.
            for (int b = 0; b < 50; b++) {
                EngineBench.enroll(c, org, steady, steadyContacts.subList(b * 20, (b + 1) * 20), clock.millis());
                Thread.sleep(100);
            }
            await(c, steady, steadyContacts.size(), servers);
            List<Long> lags = c.db().list(AdHoc.sql("""
                    SELECT h.executed_at - e.created_at AS lag FROM enrollment_history h
                    JOIN enrollments e ON e.id = h.enrollment_id
                    WHERE e.workflow_id = :w AND h.step_order = 0"""), Params.of("w", steady),
                    r -> r.longValue("lag")).stream().sorted().toList();
            String once = steps == 3L * n ? "each once" : "%,d steps recorded for %,d".formatted(steps, 3L * n);
            System.out.printf("| %d | %,.0f step executions/s (%.1f s), %s | %s | %.2f s / %.2f s "
                    + "| p50 %d ms, p99 %d ms |%n", instances, 3.0 * n / elapsed, elapsed, once,
                    String.join(" / ", shares), serversCpu * 1000 / (3.0 * n), postgresCpu * 1000 / (3.0 * n),
                    EngineBench.percentile(lags, 50), EngineBench.percentile(lags, 99));
        } finally {
            for (Process server : servers) {
                server.destroy();
            }
            for (Process server : servers) {
                server.waitFor();
            }
        }
    }

    /** A server process of the jar on the database, its output in target/engine-instance-N.log. */
    private static Process serve(String url, int port, int index) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        String opts = System.getenv().getOrDefault("FLOWNURTURE_JAVA_OPTS",
                "-Xms96m -Xmx160m -Xmn80m -XX:+UseSerialGC");
        command.addAll(List.of(opts.trim().split("\\s+")));
        command.addAll(List.of("-jar", "target/flownurture.jar", "serve", "--db", url, "--port", String.valueOf(port),
                "--config", "bench/engine-instances.yaml"));
        Path log = Path.of("target", "engine-instance-" + index + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The PostgreSQL server's processes: the postmaster (system property bench.postmaster) and its children. */
    private static Stream<ProcessHandle> postgres() {
        return ProcessHandle.of(Long.getLong("bench.postmaster", -1)).stream()
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()));
    }

    /** The CPU time the processes have used so far (user and system; processes that ended count no more). */
    private static double cpuSeconds(Stream<ProcessHandle> processes) {
        return processes.mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    private static void alive(List<Process> servers) {
        for (Process server : servers) {
            if (!server.isAlive()) {
                throw new IllegalStateException("an instance exited; see target/engine-instance-*.log");
            }
        }
    }

    /** Each instance's enrollments claimed so far, from its Prometheus metrics. */
    private static List<Long> claims(List<Integer> ports) {
        List<Long> claimed = new ArrayList<>();
        for (int port : ports) {
            String text = new Http(port).get("/metrics", null).expect(200).body();
            claimed.add(text.lines().filter(l -> l.startsWith("flownurture_engine_claimed_total"))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
        }
        return claimed;
    }

    private static void makeDue(Components c, String workflow, long now) {
        c.db().write(tx -> tx.update(AdHoc.sql("UPDATE enrollments SET next_run_at = :now, created_at = :now"
                + " WHERE workflow_id = :w"), Params.of("now", now, "w", workflow)));
    }

    private static void await(Components c, String workflow, int total, List<Process> servers) throws Exception {
        while (count(c, "SELECT COUNT(*) AS total FROM enrollments WHERE workflow_id = :p AND status = 'COMPLETED'",
                workflow) < total) {
            alive(servers);
            Thread.sleep(250);
        }
    }

    private static long count(Components c, String sql, Object param) {
        return c.db().one(AdHoc.sql(sql), Params.of("p", param), r -> r.longValue("total")).orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
