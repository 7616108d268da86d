package com.flownurture.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mail.domain-limits}: a recipient domain's own rate, besides the global one, without holding up others. */
class DomainLimitsTest {

    private static final Smtp smtp = new Smtp();

    // In flat overrides a dotted domain is written with ~1, as Helidon escapes it; YAML takes slow.test as is.
    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp, Map.of("mail.domain-limits.slow~1test", "2"));

    @Test
    void aLimitedDomainGetsItsRateAndTheOthersAreNotHeldUp() throws Exception {
        Http http = server.http();
        String key = server.tenant().key();
        String workflow = http.post("/api/v1/workflows", key, obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "S", "body", "b")))).expect(201).obj()
                .getString("id");
        List<String> addresses = List.of("a@slow.test", "b@slow.test", "c@slow.test", "d@slow.test",
                "a@fast.test", "b@fast.test", "c@fast.test");
        for (String address : addresses) {
            String contact = http.post("/api/v1/contacts", key, obj("email", address)).expect(201).obj()
                    .getString("id");
            http.post("/api/v1/enrollments", key, obj("contactId", contact, "workflowId", workflow)).expect(201);
        }
        Map<String, Long> arrived = new HashMap<>();
        // Each arrival is timed when first seen, so the condition records as it polls.
        Await.until(Duration.ofSeconds(15), "every email", () -> {
            Arrays.stream(smtp.getReceivedMessages()).forEach(m -> {
                try {
                    arrived.putIfAbsent(m.getAllRecipients()[0].toString(), System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return arrived.size() == addresses.size();
        });
        List<Long> slow = addresses.subList(0, 4).stream().map(arrived::get).sorted().toList();
        long fastLast = addresses.subList(4, 7).stream().map(arrived::get).max(Long::compare).orElseThrow();
        // Slots 0.5 s apart: 1.5 s from the first send to the last; seen from GreenMail, the first arrival may
        // lag its send by the first SMTP conversation, so the bound leaves room (unlimited, they come in milliseconds).
        assertTrue(slow.getLast() - slow.getFirst() >= Duration.ofMillis(1000).toNanos(),
                "4 emails at 2 a second take 1.5 s: " + (slow.getLast() - slow.getFirst()) / 1_000_000 + " ms");
        assertTrue(fastLast < slow.getLast(), "the other domain's emails did not wait behind the limited one");
    }
}
