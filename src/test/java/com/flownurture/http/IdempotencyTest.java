package com.flownurture.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.flownurture.support.Await;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A client retrying after a timeout never creates a duplicate or sends a second email. */
class IdempotencyTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true", "engine.tick-ms", "20"));

    private static Http.Response post(String path, String key, String idempotencyKey, JsonValue body) {
        List<String> auth = List.of("Bearer " + key);
        return idempotencyKey == null
                ? server.http().send(Method.POST, path, auth, "application/json", body.toString())
                : server.http().sendWithHeader(Method.POST, path, auth, Idempotency.HEADER, idempotencyKey,
                        body.toString());
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstResponseWithoutDoingTheWorkAgain() {
        TestApp.Tenant tenant = server.tenant();
        JsonObject body = obj("name", "Once", "steps", arr());
        Http.Response first = post("/api/v1/workflows", tenant.key(), "k-1", body).expect(201);
        long workflows = DbSnapshot.count(server, "workflows");
        Http.Response again = post("/api/v1/workflows", tenant.key(), "k-1", body).expect(201);
        assertEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotency-Replayed"));
        assertNull(first.header("Idempotency-Replayed"));
        assertEquals(workflows, DbSnapshot.count(server, "workflows"), "no second workflow");

        post("/api/v1/workflows", tenant.key(), "k-1", obj("name", "Other")).expectError(422);
        Http.Response otherKey = post("/api/v1/workflows", tenant.key(), "k-2", body).expect(201);
        assertNotEquals(first.obj().getString("id"), otherKey.obj().getString("id"));
        post("/api/v1/workflows", tenant.key(), "", body).expectError(400);
    }

    @Test
    void keysAreKeptPerApiKeyAndFor24Hours() {
        TestApp.Tenant a = server.tenant();
        TestApp.Tenant b = server.key(a.orgId(), List.of("workflows:write"));
        JsonObject body = obj("name", "Per key");
        String viaA = post("/api/v1/workflows", a.key(), "shared", body).expect(201).obj().getString("id");
        String viaB = post("/api/v1/workflows", b.key(), "shared", body).expect(201).obj().getString("id");
        assertNotEquals(viaA, viaB, "another API key's Idempotency-Key is another key");
        server.clock().advance(Duration.ofHours(25));
        String later = post("/api/v1/workflows", a.key(), "shared", body).expect(201).obj().getString("id");
        assertNotEquals(viaA, later, "forgotten after 24 hours");
    }

    @Test
    void concurrentRetriesOfAnEnrollmentCreateOneEnrollmentAndSendOneEmail() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String contact = server.http().post("/api/v1/contacts", tenant.key(), obj("email", "retry@example.com"))
                .expect(201).obj().getString("id");
        String workflow = server.http().post("/api/v1/workflows", tenant.key(), obj("name", "Mail", "status", "ACTIVE",
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "Once", "body", "b"))))
                .expect(201).obj().getString("id");
        JsonObject body = obj("contactId", contact, "workflowId", workflow);
        List<Future<Http.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> post("/api/v1/enrollments", tenant.key(), "enroll-1", body)));
            }
        }
        Set<String> bodies = futures.stream().map(f -> {
            try {
                return f.get().expect(201).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
        assertEquals(1, bodies.size(), "every retry got the first response");
        assertEquals("1", server.http().get("/api/v1/enrollments?contactId=" + contact, tenant.key())
                .header("X-Total-Count"));
        // The email step is queued in the transaction that completes the enrollment: once it is COMPLETED, every
        // email it would send is counted.
        Await.until(Duration.ofSeconds(5), "the enrollment to complete", () -> server.http()
                .get("/api/v1/enrollments?contactId=" + contact + "&status=COMPLETED", tenant.key()).arr().size() == 1);
        assertEquals(1, server.http().get("/api/v1/messages?contactId=" + contact, tenant.key()).arr().size());
    }

    @Test
    void everyPostOfTheApiHonoursTheHeader() {
        TestApp.Tenant tenant = server.tenant();
        String contact = post("/api/v1/contacts", tenant.key(), "c", obj("email", "idem@example.com"))
                .expect(201).obj().getString("id");
        post("/api/v1/contacts", tenant.key(), "c", obj("email", "idem@example.com")).expect(201);
        String tag = post("/api/v1/tags", tenant.key(), "t", obj("name", "Idem")).expect(201).obj().getString("id");
        post("/api/v1/tags", tenant.key(), "t", obj("name", "Idem")).expect(201);
        JsonObject add = obj("tagId", tag);
        post("/api/v1/contacts/" + contact + "/tags/add", tenant.key(), "a", add).expect(200);
        assertEquals("true", post("/api/v1/contacts/" + contact + "/tags/add", tenant.key(), "a", add).expect(200)
                .header("Idempotency-Replayed"));
        post("/api/v1/segments", tenant.key(), "s", obj("name", "S", "groups", arr())).expect(201);
        assertEquals("true", post("/api/v1/segments", tenant.key(), "s", obj("name", "S", "groups", arr()))
                .header("Idempotency-Replayed"));
    }
}
