package com.flownurture.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real concurrency over real HTTP: the database's unique indexes decide, never a check-then-insert. */
class ConcurrencyTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private static Map<Integer, Integer> fire(int times, Supplier<Http.Response> request) throws Exception {
        List<Future<Http.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(times)) {
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(request::get));
            }
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<Http.Response> f : futures) {
            statuses.merge(f.get().status(), 1, Integer::sum);
        }
        return statuses;
    }

    @Test
    void fiftyParallelCreatesOfOneEmailGiveOne201AndFortyNine409() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        Map<Integer, Integer> statuses = fire(50, () -> server.http().post("/api/v1/contacts", tenant.key(),
                obj("email", "race@example.com")));
        assertEquals(Map.of(201, 1, 409, 49), statuses);
        assertEquals("1", server.http().get("/api/v1/contacts?search=race", tenant.key()).header("X-Total-Count"));
    }

    @Test
    void fiftyParallelEnrollmentsGiveOne201AndFortyNine409() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String contact = server.http().post("/api/v1/contacts", tenant.key(), obj("email", "e@example.com"))
                .expect(201).obj().getString("id");
        String workflow = server.http().post("/api/v1/workflows", tenant.key(), obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"))))
                .expect(201).obj().getString("id");
        long before = DbSnapshot.count(server, "enrollments");
        Map<Integer, Integer> statuses = fire(50, () -> server.http().post("/api/v1/enrollments", tenant.key(),
                obj("contactId", contact, "workflowId", workflow)));
        assertEquals(Map.of(201, 1, 409, 49), statuses);
        assertEquals(before + 1, DbSnapshot.count(server, "enrollments"));
    }

    @Test
    void aFailingWriteCommittedAlongsideOthersFailsAlone() throws Exception {
        // Concurrent writes share a transaction on the writer thread; the duplicates fail there with the others.
        TestApp.Tenant tenant = server.tenant();
        server.http().post("/api/v1/contacts", tenant.key(), obj("email", "dup@example.com")).expect(201);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Map<Integer, Integer> statuses = fire(60, () -> {
            int n = next.getAndIncrement();
            String email = n % 2 == 0 ? "unique" + n + "@example.com" : "dup@example.com";
            return server.http().post("/api/v1/contacts", tenant.key(), obj("email", email));
        });
        assertEquals(Map.of(201, 30, 409, 30), statuses);
        assertEquals("31", server.http().get("/api/v1/contacts", tenant.key()).header("X-Total-Count"));
    }

    @Test
    void parallelDistinctCreatesAllSucceed() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        Map<Integer, Integer> statuses = fire(100, () -> server.http().post("/api/v1/contacts", tenant.key(),
                obj("email", "p" + n.incrementAndGet() + "@example.com")));
        assertEquals(Map.of(201, 100), statuses);
    }
}
