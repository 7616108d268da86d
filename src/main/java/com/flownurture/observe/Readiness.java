package com.flownurture.observe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.flownurture.common.Json;
import com.flownurture.db.Database;
import com.flownurture.engine.Engine;
import com.flownurture.instances.Instances;
import com.flownurture.http.Responses;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code GET /health/ready}: whether this instance can do its work, for a load balancer or an orchestrator (while
 * {@code /health} only says the process answers). Checks, each bounded by a timeout so the probe never hangs:
 * <ul>
 *   <li>{@code database}: a query answers;</li>
 *   <li>{@code writer}: the writer thread is alive and commits a transaction;</li>
 *   <li>{@code engine} (when enabled): its last round ended less than {@link #engineStall} ago;</li>
 *   <li>{@code smtp} (when configured): sends have not been failing for more than a minute.</li>
 * </ul>
 * 200 {@code {"status":"UP","checks":{...}}}, or 503 {@code {"status":"DOWN","checks":{...},"failed":[...]}}.
 */
public final class Readiness {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SMTP_GRACE = Duration.ofMinutes(1);

    private final Database db;
    private final Instances instances;
    private final Optional<Engine> engine;
    private final Duration engineStall;
    private final Optional<WatchedTransport> smtp;

    /**
     * @param instances asks the database whether it answers
     * @param engine    the engine when it runs here
     * @param tick      the engine's tick: a round is stalled after 20 ticks or 10 s, whichever is longer (a round
     *                  with webhook calls may take seconds)
     * @param smtp      the SMTP transport when one is configured
     */
    public Readiness(Database db, Instances instances, Optional<Engine> engine, Duration tick,
                     Optional<WatchedTransport> smtp) {
        this.db = db;
        this.instances = instances;
        this.engine = engine;
        this.engineStall = tick.multipliedBy(20).compareTo(Duration.ofSeconds(10)) > 0
                ? tick.multipliedBy(20) : Duration.ofSeconds(10);
        this.smtp = smtp;
    }

    /** {@code curl -i http://127.0.0.1:8080/health/ready} */
    public void handle(ServerRequest req, ServerResponse res) {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("database", within(() -> instances.databaseAnswers(db)));
        checks.put("writer", db.writerAlive() && within(() -> db.write(instances::databaseAnswers)));
        engine.ifPresent(e -> checks.put("engine", System.nanoTime() - e.lastTickNanos() < engineStall.toNanos()));
        smtp.ifPresent(s -> checks.put("smtp", s.failingForNanos() < SMTP_GRACE.toNanos()));
        boolean up = !checks.containsValue(false);
        JsonObjectBuilder body = Json.createObjectBuilder().add("status", up ? "UP" : "DOWN");
        JsonObjectBuilder each = Json.createObjectBuilder();
        checks.forEach((name, ok) -> each.add(name, ok ? "UP" : "DOWN"));
        body.add("checks", each);
        if (!up) {
            body.add("failed", Json.createArrayBuilder(checks.entrySet().stream().filter(c -> !c.getValue())
                    .map(Map.Entry::getKey).toList()));
        }
        Responses.json(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body.build());
    }

    /** Runs a check on a thread of its own: false when it fails or takes longer than the timeout. */
    private static boolean within(BooleanSupplier check) {
        try {
            return CompletableFuture.supplyAsync(check::getAsBoolean, r -> Thread.ofVirtual().start(r))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
