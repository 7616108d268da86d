package com.flownurture.tags;

import com.flownurture.support.Api;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TagsApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private Http http;
    private String key;
    private Api api;

    @BeforeEach
    void newTenant() {
        http = server.http();
        key = server.tenant().key();
        api = server.api(key);
    }

    @Test
    void createListSearchRenameDelete() {
        JsonObject created = http.post("/api/v1/tags", key, obj("name", "VIP")).expect(201).obj();
        assertEquals("VIP", created.getString("name"));
        assertEquals(3, created.size(), "id, name, createdAt");
        api.createTag("Newsletter");
        api.createTag("News 100%");
        Http.Response all = http.get("/api/v1/tags", key).expect(200);
        assertEquals(3, all.arr().size());
        assertEquals("3", all.header("X-Total-Count"));
        assertEquals(2, http.get("/api/v1/tags?search=NEWS", key).arr().size());
        assertEquals(1, http.get("/api/v1/tags?search=100%25", key).arr().size());
        assertEquals(1, http.get("/api/v1/tags?limit=1&page=2", key).arr().size());
        JsonObject renamed = http.patch("/api/v1/tags/" + created.getString("id"), key, obj("name", "Gold"))
                .expect(200).obj();
        assertEquals("Gold", renamed.getString("name"));
        http.delete("/api/v1/tags/" + created.getString("id"), key).expect(204);
        http.delete("/api/v1/tags/" + created.getString("id"), key).expectError(404);
        assertEquals(2, http.get("/api/v1/tags", key).arr().size());
    }

    @Test
    void namesAreUniqueCaseInsensitivelyAndBounded() {
        String id = api.createTag("Customer");
        http.post("/api/v1/tags", key, obj("name", "customer")).expectError(409);
        String other = api.createTag("Lead");
        http.patch("/api/v1/tags/" + other, key, obj("name", "CUSTOMER")).expectError(409);
        http.post("/api/v1/tags", key, obj("name", "x".repeat(65))).expectError(400);
        http.post("/api/v1/tags", key, obj("name", "")).expectError(400);
        http.post("/api/v1/tags", key, obj()).expectError(400);
        http.patch("/api/v1/tags/" + id, key, obj("name", "Customer")).expect(200);
    }

    @Test
    void addingIsIdempotentAndRemovingAnAbsentTagIsANoOp() {
        String contact = api.createContact("t@example.com");
        String tagId = api.createTag("Hot");
        JsonObject body = obj("tagId", tagId);
        assertEquals(true, http.post("/api/v1/contacts/" + contact + "/tags/add", key, body).expect(200).obj()
                .getBoolean("success"));
        http.post("/api/v1/contacts/" + contact + "/tags/add", key, body).expect(200);
        assertEquals(1, http.get("/api/v1/contacts/" + contact, key).obj().getJsonArray("tags").size());
        http.post("/api/v1/contacts/" + contact + "/tags/remove", key, body).expect(200);
        http.post("/api/v1/contacts/" + contact + "/tags/remove", key, body).expect(200);
        assertEquals(0, http.get("/api/v1/contacts/" + contact, key).obj().getJsonArray("tags").size());
        http.post("/api/v1/contacts/cnobody000000000000000000/tags/add", key, body).expectError(404);
        http.post("/api/v1/contacts/" + contact + "/tags/add", key, obj("tagId", "cnotag")).expectError(404);
    }

    @Test
    void deletingATagTakesItOffItsContacts() {
        String a = api.createContact("a@example.com");
        String b = api.createContact("b@example.com");
        String tagId = api.createTag("Temp");
        for (String c : new String[] {a, b}) {
            http.post("/api/v1/contacts/" + c + "/tags/add", key, obj("tagId", tagId)).expect(200);
        }
        long links = DbSnapshot.count(server, "contact_tags");
        http.delete("/api/v1/tags/" + tagId, key).expect(204);
        assertEquals(links - 2, DbSnapshot.count(server, "contact_tags"));
        assertEquals(0, http.get("/api/v1/contacts/" + a, key).obj().getJsonArray("tags").size());
    }
}
