package com.flownurture.webhooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.flownurture.support.Await;
import com.flownurture.support.MutableClock;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two instances on one database, both woken by the changes they write: every webhook delivery is made once (a sender
 * that read a subscription's head just before the other claimed it must not send that run as well), and every
 * message's change is told of once (two outbox rounds must not mark, and publish, the same messages).
 */
@EnabledIfEnvironmentVariable(named = "FLOWNURTURE_TEST_DATABASE_URL", matches = ".+",
        disabledReason = "several instances share one database only on PostgreSQL; SQLite is one process's file")
class DeliveriesAcrossInstancesTest {

    @Test
    void twoInstancesSendingOneQueueDeliverEachDeliveryOnce() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-deliveries");
        Map<String, String> config = Map.of("engine.enabled", "true", "engine.tick-ms", "5");
        try (TestApp a = TestApp.start(config, dir, MutableClock.now());
             TestApp b = TestApp.start(config, dir, MutableClock.now());
             Receiver receiver = new Receiver()) {
            TestApp.Tenant tenant = a.tenant();
            for (int s = 0; s < 3; s++) {
                a.http().post("/api/v1/webhooks", tenant.key(), "{\"url\":\"" + receiver.url()
                        + "\",\"events\":[\"contact.created\"]}").expect(201);
            }
            int contacts = 300;
            try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < contacts; i++) {
                    TestApp server = i % 2 == 0 ? a : b;
                    String email = "d" + i + "@example.com";
                    clients.submit(() -> server.http().post("/api/v1/contacts", tenant.key(),
                            "{\"email\":\"" + email + "\"}").expect(201));
                }
            }
            Await.until(Duration.ofSeconds(60), "every delivery made", () -> receiver.calls.stream()
                    .map(Receiver.Call::delivery).distinct().count() == 3L * contacts);
            Thread.sleep(500); // a second sending of the last runs would arrive by now
            Map<String, Long> times = receiver.calls.stream()
                    .collect(Collectors.groupingBy(Receiver.Call::delivery, Collectors.counting()));
            long twice = times.values().stream().filter(n -> n > 1).count();
            assertEquals(0, twice, "deliveries made twice, of " + receiver.calls.size() + " calls");
            assertEquals(3L * contacts, receiver.calls.size());
        }
    }

    @Test
    void twoInstancesDeliveringOneOutboxTellOfEachMessageOnce() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-deliveries");
        // No mail host: the capture outbox, whose round marks a whole batch SENT in one transaction.
        Map<String, String> config = Map.of("engine.enabled", "true", "engine.tick-ms", "5");
        try (TestApp a = TestApp.start(config, dir, MutableClock.now());
             TestApp b = TestApp.start(config, dir, MutableClock.now());
             Receiver receiver = new Receiver()) {
            TestApp.Tenant tenant = a.tenant();
            a.http().post("/api/v1/webhooks", tenant.key(), "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"message.sent\"]}").expect(201);
            String workflow = a.http().post("/api/v1/workflows", tenant.key(), """
                    {"name":"Mail","status":"ACTIVE","steps":[{"type":"SEND_EMAIL","subject":"Hi","body":"b"}]}""")
                    .expect(201).obj().getString("id");
            int enrollments = 200;
            try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < enrollments; i++) {
                    TestApp server = i % 2 == 0 ? a : b;
                    String email = "m" + i + "@example.com";
                    clients.submit(() -> {
                        String contact = server.http().post("/api/v1/contacts", tenant.key(),
                                "{\"email\":\"" + email + "\"}").expect(201).obj().getString("id");
                        server.http().post("/api/v1/enrollments", tenant.key(), "{\"contactId\":\"" + contact
                                + "\",\"workflowId\":\"" + workflow + "\"}").expect(201);
                    });
                }
            }
            Await.until(Duration.ofSeconds(60), "every message told of", () -> receiver.calls.stream()
                    .map(c -> c.json().getJsonObject("data").getString("id")).distinct().count() == enrollments);
            Thread.sleep(500);
            Map<String, Long> times = receiver.calls.stream().collect(Collectors.groupingBy(
                    c -> c.json().getJsonObject("data").getString("id"), Collectors.counting()));
            long twice = times.values().stream().filter(n -> n > 1).count();
            assertEquals(0, twice, "messages told of as sent twice, of " + receiver.calls.size() + " calls");
        }
    }
}
