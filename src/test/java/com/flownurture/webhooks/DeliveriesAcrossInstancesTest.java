package com.flownurture.webhooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import com.flownurture.support.Await;
import com.flownurture.support.MutableClock;
import com.flownurture.support.PostgresOnly;
import com.flownurture.support.Api;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two instances on one database, both woken by the changes they write: every webhook delivery is made once (a sender
 * that read a subscription's head just before the other claimed it must not send that run as well), and every
 * message's change is told of once (two outbox rounds must not mark, and publish, the same messages).
 */
@PostgresOnly("several instances share one database only on PostgreSQL; SQLite is one process's file")
class DeliveriesAcrossInstancesTest {

    /** Two instances on one database, their engines and senders running, and a receiver. */
    private record Pair(TestApp a, TestApp b, Receiver receiver, TestApp.Tenant tenant) implements AutoCloseable {

        static Pair start() throws Exception {
            Path dir = Files.createTempDirectory("flownurture-deliveries");
            // No mail host: the capture outbox, whose round marks a whole batch SENT in one transaction.
            Map<String, String> config = Map.of("engine.enabled", "true", "engine.tick-ms", "5");
            TestApp a = TestApp.start(config, dir, MutableClock.now());
            return new Pair(a, TestApp.start(config, dir, MutableClock.now()), new Receiver(), a.tenant());
        }

        void subscribe(String event) {
            a.api(tenant).post("/api/v1/webhooks", obj("url", receiver.url(), "events", arr(event))).expect(201);
        }

        /** Runs {@code n} requests, 4 at a time, alternating between the two instances; fails if any failed. */
        void alternately(int n, BiConsumer<TestApp, Integer> request) throws Exception {
            List<Future<?>> requests = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < n; i++) {
                    TestApp server = i % 2 == 0 ? a : b;
                    int index = i;
                    requests.add(clients.submit(() -> request.accept(server, index)));
                }
            }
            for (Future<?> done : requests) {
                done.get(); // rethrows a request's failure here instead of waiting for calls that never come
            }
        }

        /**
         * Waits for {@code expected} distinct keys among the calls, then counts the keys that came more than once.
         * Before counting it lets every sender that could make a second sending finish what it would do: two more
         * rounds of both outboxes (which publish {@code message.sent}), then of both webhook senders (a round in
         * progress may have read a run before another claimed it), then until neither has a run in flight.
         */
        long twice(Function<Receiver.Call, String> key, long expected) {
            Await.until(Duration.ofSeconds(60), expected + " distinct calls", () -> receiver.calls.stream()
                    .map(key).distinct().count() == expected);
            twoMoreRounds("outbox", a.app().outbox()::rounds, b.app().outbox()::rounds);
            twoMoreRounds("webhook sender", a.app().webhookSender()::rounds, b.app().webhookSender()::rounds);
            Await.until(Duration.ofSeconds(10), "no webhook run in flight", () ->
                    a.app().webhookSender().sending() == 0 && b.app().webhookSender().sending() == 0);
            return receiver.calls.stream().collect(Collectors.groupingBy(key, Collectors.counting())).values()
                    .stream().filter(n -> n > 1).count();
        }

        private static void twoMoreRounds(String loop, LongSupplier first, LongSupplier second) {
            long a = first.getAsLong();
            long b = second.getAsLong();
            Await.until(Duration.ofSeconds(10), "two more rounds of each " + loop,
                    () -> first.getAsLong() >= a + 2 && second.getAsLong() >= b + 2);
        }

        @Override
        public void close() {
            receiver.close();
            b.close();
            a.close();
        }
    }

    @Test
    void twoInstancesSendingOneQueueDeliverEachDeliveryOnce() throws Exception {
        try (Pair pair = Pair.start()) {
            for (int s = 0; s < 3; s++) {
                pair.subscribe("contact.created");
            }
            pair.alternately(300, (server, i) -> server.api(pair.tenant()).createContact("d" + i + "@example.com"));
            assertEquals(0, pair.twice(Receiver.Call::delivery, 900), "deliveries made twice");
            assertEquals(900, pair.receiver().calls.size());
        }
    }

    @Test
    void twoInstancesDeliveringOneOutboxTellOfEachMessageOnce() throws Exception {
        try (Pair pair = Pair.start()) {
            pair.subscribe("message.sent");
            String key = pair.tenant().key();
            String workflow = pair.a().http().post("/api/v1/workflows", key, """
                    {"name":"Mail","status":"ACTIVE","steps":[{"type":"SEND_EMAIL","subject":"Hi","body":"b"}]}""")
                    .expect(201).obj().getString("id");
            pair.alternately(200, (server, i) -> {
                Api api = server.api(key);
                api.enroll(api.createContact("m" + i + "@example.com"), workflow);
            });
            assertEquals(0, pair.twice(c -> c.json().getJsonObject("data").getString("id"), 200),
                    "messages told of as sent twice");
        }
    }
}
