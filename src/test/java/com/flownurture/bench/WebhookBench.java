package com.flownurture.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.flownurture.app.App;
import com.flownurture.auth.Scopes;
import com.flownurture.common.WebhookSignature;
import com.flownurture.config.ConfigLoader;
import com.flownurture.db.AdHoc;
import com.flownurture.db.Params;
import com.flownurture.support.Api;
import com.flownurture.support.Http;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static com.flownurture.support.Json.with;

/**
 * The webhook delivery benchmark (not a test), run by {@code ./run.sh bench-engine}: the real server with a real
 * receiver on 127.0.0.1. First the delivery rate: {@code EVENTS} events (default 25,000) through the batch endpoint
 * to {@value #SUBSCRIPTIONS} subscriptions, timed from the first delivery received to the last. Then a receiver down
 * for {@code DOWN_SECONDS} (default 60) while events keep coming: every delivery must arrive once it is back.
 */
public final class WebhookBench {

    private static final int SUBSCRIPTIONS = 4;

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(System.getenv().getOrDefault("EVENTS", "25000"));
        int downSeconds = Integer.parseInt(System.getenv().getOrDefault("DOWN_SECONDS", "60"));
        Path dir = Files.createTempDirectory("flownurture-webhook-bench");
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger badSignatures = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        Map<String, String> secrets = new ConcurrentHashMap<>();
        WebServer receiver = receiver(0, received, calls, badSignatures, first, last, secrets);
        int port = receiver.port();
        try (App app = App.start(ConfigLoader.load(null, Map.of("server.port", "0",
                "database.path", dir.resolve("bench.db").toString(), "rate-limit.requests-per-minute", "100000000",
                "engine.tick-ms", "50", "webhooks.allow-private-targets", "true"), Map.of()), Clock.systemUTC())) {
            String org = app.components().orgs().create("Bench").id();
            Api api = new Http(app.port()).api(app.components().keys().create(org, "bench", Scopes.ALL).secret());
            for (int s = 0; s < SUBSCRIPTIONS; s++) {
                secrets.put(Integer.toString(s), api.post("/api/v1/webhooks", obj("url", "http://127.0.0.1:" + port
                        + "/hook/" + s, "events", arr("event.received"))).expect(201).obj().getString("secret"));
            }
            api.post("/api/v1/events/batch", batch(0, 1000, true)).expect(200);
            awaitCount(received, 1000 * SUBSCRIPTIONS);
            received.clear();
            first.set(0);

            for (int from = 0; from < events; from += 1000) {
                api.post("/api/v1/events/batch", batch(from, Math.min(1000, events - from), false)).expect(200);
            }
            int expected = events * SUBSCRIPTIONS;
            awaitCount(received, expected);
            double seconds = (last.get() - first.get()) / 1e9;
            double rate = expected / seconds;

            receiver.stop();
            long downUntil = System.nanoTime() + downSeconds * 1_000_000_000L;
            int sent = 0;
            while (System.nanoTime() < downUntil) {
                api.post("/api/v1/events/batch", batch(sent, 50, false)).expect(200);
                sent += 50;
                Thread.sleep(1000);
            }
            received.clear();
            receiver = receiver(port, received, calls, badSignatures, first, last, secrets);
            long back = System.nanoTime();
            awaitCount(received, sent * SUBSCRIPTIONS);
            double drain = (System.nanoTime() - back) / 1e9;
            long failed = app.components().db().one(
                    AdHoc.sql("SELECT COUNT(*) AS total FROM webhook_deliveries WHERE status = 'FAILED'"),
                    Params.of(), r -> r.longValue("total")).orElse(-1L);

            System.out.printf("Load average during the run: %s%n%n", Files.readString(Path.of("/proc/loadavg"))
                    .strip());
            System.out.println("| webhook scenario | figure | target | met |");
            System.out.println("|---|---|---|---|");
            System.out.printf("| %,d deliveries (%,d events × %d subscriptions) to a local receiver | %,.0f "
                    + "deliveries/s (%.1f s) | ≥ 2,000/s | %s |%n", expected, events, SUBSCRIPTIONS, rate, seconds,
                    rate >= 2000 ? "yes" : "no");
            System.out.printf("| receiver down %d s while %,d deliveries were written | all %,d received %.1f s "
                    + "after it came back, %d FAILED | nothing lost | %s |%n", downSeconds, sent * SUBSCRIPTIONS,
                    received.size(), drain, failed, received.size() == sent * SUBSCRIPTIONS && failed == 0
                            ? "yes" : "no");
            System.out.printf("| signatures the receiver could not verify | %d of %,d calls | 0 | %s |%n",
                    badSignatures.get(), calls.get(), badSignatures.get() == 0 ? "yes" : "no");
        } finally {
            receiver.stop();
        }
    }

    private static WebServer receiver(int port, Set<String> received, AtomicInteger calls,
                                      AtomicInteger badSignatures, AtomicLong first, AtomicLong last,
                                      Map<String, String> secrets) {
        return WebServer.builder().host("127.0.0.1").port(port).routing(r -> r.post("/hook/{n}", (req, res) -> {
            byte[] body = req.content().as(byte[].class);
            String delivery = req.headers().get(HeaderNames.create(WebhookSignature.DELIVERY)).get();
            long timestamp = Long.parseLong(req.headers().get(HeaderNames.create(WebhookSignature.TIMESTAMP)).get());
            String signature = req.headers().get(HeaderNames.create(WebhookSignature.SIGNATURE)).get();
            String secret = secrets.get(req.path().pathParameters().get("n"));
            if (!WebhookSignature.sign(secret, timestamp, body).equals(signature)) {
                badSignatures.incrementAndGet();
            }
            calls.incrementAndGet();
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            last.set(now);
            received.add(delivery);
            res.status(Status.NO_CONTENT_204).send();
        })).build().start();
    }

    private static JsonObject batch(int from, int size, boolean upsert) {
        return obj("events", IntStream.range(from, from + size).mapToObj(i -> {
            JsonObject event = obj("email", "hook" + i % 1000 + "@bench.example", "name", "page_viewed",
                    "properties", obj("n", i));
            return upsert ? with(event, "upsertContact", true) : event;
        }).toList());
    }

    private static void awaitCount(Set<String> received, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (received.size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + received.size() + " of " + expected + " received");
            }
            Thread.sleep(20);
        }
    }
}
