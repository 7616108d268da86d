package com.flownurture.contacts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContactsApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private Http http;
    private TestApp.Tenant tenant;

    @BeforeEach
    void newTenant() {
        http = server.http();
        tenant = server.tenant();
    }

    private JsonObject create(String json) {
        return http.post("/api/v1/contacts", tenant.key(), json).expect(201).obj();
    }

    @Test
    void createReturnsTheWholeContactWithDefaults() {
        JsonObject c = create("""
                {"email":"  Jane@Example.com ","firstName":"Jane","lastName":"Smith","company":"Acme Inc",
                 "jobTitle":"Marketing Manager","lifecycleStage":"LEAD"}""");
        assertEquals("Jane@Example.com", c.getString("email"), "trimmed, case kept");
        assertEquals("Jane", c.getString("firstName"));
        assertEquals("LEAD", c.getString("lifecycleStage"));
        assertEquals(0, c.getInt("leadScore"));
        assertEquals(0, c.getInt("engagementScore"));
        assertEquals(JsonValue.NULL, c.get("country"));
        assertEquals(0, c.getJsonObject("customFields").size());
        assertTrue(c.getString("id").length() >= 20);
        assertTrue(c.getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        JsonObject minimal = create("{\"email\":\"min@example.com\"}");
        assertEquals("SUBSCRIBER", minimal.getString("lifecycleStage"));
        assertEquals(JsonValue.NULL, minimal.get("firstName"));
    }

    @Test
    void idsAreOpaqueAndNotSequential() {
        String a = create("{\"email\":\"a@example.com\"}").getString("id");
        String b = create("{\"email\":\"b@example.com\"}").getString("id");
        assertTrue(a.matches("[a-z0-9]{20,}") && b.matches("[a-z0-9]{20,}"));
        assertNotEquals(a.substring(9), b.substring(9), "the random part differs");
    }

    @Test
    void getShowsTheContactWithItsTags() {
        String id = create("{\"email\":\"tagged@example.com\"}").getString("id");
        String tagId = http.post("/api/v1/tags", tenant.key(), obj("name", "VIP")).expect(201).obj().getString("id");
        http.post("/api/v1/contacts/" + id + "/tags/add", tenant.key(), obj("tagId", tagId)).expect(200);
        JsonObject got = http.get("/api/v1/contacts/" + id, tenant.key()).expect(200).obj();
        assertEquals("tagged@example.com", got.getString("email"));
        assertEquals(1, got.getJsonArray("tags").size());
        assertEquals("VIP", got.getJsonArray("tags").getJsonObject(0).getString("name"));
        assertEquals(tagId, got.getJsonArray("tags").getJsonObject(0).getString("id"));
    }

    @Test
    void duplicateEmailIsAConflictCaseInsensitively() {
        create("{\"email\":\"dup@example.com\"}");
        http.post("/api/v1/contacts", tenant.key(), obj("email", "DUP@example.COM")).expectError(409);
        TestApp.Tenant other = server.tenant();
        http.post("/api/v1/contacts", other.key(), obj("email", "dup@example.com")).expect(201);
    }

    @Test
    void patchChangesOnlyTheGivenFieldsAndNullClears() {
        JsonObject c = create("{\"email\":\"p@example.com\",\"firstName\":\"Pat\",\"company\":\"Old\"}");
        server.clock().advance(Duration.ofSeconds(5));
        JsonObject patched = http.patch("/api/v1/contacts/" + c.getString("id"), tenant.key(),
                obj("company", "New Company", "lifecycleStage", "MQL", "firstName", null)).expect(200).obj();
        assertEquals("New Company", patched.getString("company"));
        assertEquals("MQL", patched.getString("lifecycleStage"));
        assertEquals(JsonValue.NULL, patched.get("firstName"));
        assertEquals("p@example.com", patched.getString("email"));
        assertEquals(c.getString("createdAt"), patched.getString("createdAt"));
        assertNotEquals(c.getString("updatedAt"), patched.getString("updatedAt"));
        assertEquals(patched, withoutTags(http.get("/api/v1/contacts/" + c.getString("id"), tenant.key()).obj()));
    }

    @Test
    void patchToAnExistingEmailIsAConflictAndEmptyBodyIsRefused() {
        create("{\"email\":\"taken@example.com\"}");
        String id = create("{\"email\":\"free@example.com\"}").getString("id");
        http.patch("/api/v1/contacts/" + id, tenant.key(), obj("email", "TAKEN@example.com")).expectError(409);
        http.patch("/api/v1/contacts/" + id, tenant.key(), obj()).expectError(400);
        http.patch("/api/v1/contacts/" + id, tenant.key(), obj("email", null)).expectError(400);
        http.patch("/api/v1/contacts/cmissing000000000000000000", tenant.key(), obj("company", "x")).expectError(404);
    }

    @Test
    void listIsNewestFirstWithStablePagesAndHeaders() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(0, create("{\"email\":\"list" + i + "@example.com\"}").getString("id"));
            server.clock().advance(Duration.ofMillis(1));
        }
        Http.Response first = http.get("/api/v1/contacts?page=1&limit=3", tenant.key()).expect(200);
        assertEquals("7", first.header("X-Total-Count"));
        assertEquals("</api/v1/contacts?page=2&limit=3>; rel=\"next\"", first.header("Link"));
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            http.get("/api/v1/contacts?page=" + page + "&limit=3", tenant.key()).expect(200).arr()
                    .forEach(v -> seen.add(v.asJsonObject().getString("id")));
        }
        assertEquals(ids, seen);
        Http.Response last = http.get("/api/v1/contacts?page=3&limit=3", tenant.key());
        assertEquals("</api/v1/contacts?page=2&limit=3>; rel=\"prev\"", last.header("Link"));
        assertEquals(0, http.get("/api/v1/contacts?page=99", tenant.key()).expect(200).arr().size());
    }

    @Test
    void withoutALimitAPageHolds25() {
        for (int i = 0; i < 26; i++) {
            create("{\"email\":\"default" + i + "@example.com\"}");
        }
        Http.Response first = http.get("/api/v1/contacts", tenant.key()).expect(200);
        assertEquals(25, first.arr().size());
        assertEquals("26", first.header("X-Total-Count"));
        assertEquals(1, http.get("/api/v1/contacts?page=2", tenant.key()).expect(200).arr().size());
    }

    @Test
    void pagesPastTheMiddleReadFromTheOldestEndInTheSameOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ids.add(0, create("{\"email\":\"half" + i + "@example.com\"}").getString("id"));
        }
        for (int limit = 1; limit <= 5; limit++) {
            List<String> seen = new ArrayList<>();
            for (int page = 1; page <= (9 + limit - 1) / limit; page++) {
                http.get("/api/v1/contacts?page=" + page + "&limit=" + limit, tenant.key()).expect(200).arr()
                        .forEach(v -> seen.add(v.asJsonObject().getString("id")));
            }
            assertEquals(ids, seen, "limit " + limit);
        }
    }

    @Test
    void aSearchMatchingMoreThanTheCapGivesALowerBoundAndStillPages() throws Exception {
        int cap = ContactRepository.SEARCH_COUNT_CAP;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < cap + 5; i++) {
                int n = i;
                pool.submit(() -> create("{\"email\":\"many" + n + "@crowd.example\",\"firstName\":\"Crowd\"}"));
            }
        }
        create("{\"email\":\"solo@else.example\",\"firstName\":\"Crowdless\"}");
        for (String term : List.of("crowd", "cr")) {
            Http.Response first = http.get("/api/v1/contacts?search=" + term + "&limit=100", tenant.key()).expect(200);
            assertNull(first.header("X-Total-Count"), "no exact total past the cap for " + term);
            assertEquals(String.valueOf(cap + 1), first.header("X-Total-Count-Min"), term);
            assertTrue(first.header("Link").contains("rel=\"next\""), term);
            assertEquals(100, first.arr().size());
            int lastPage = cap / 100 + 1;
            Http.Response deep = http.get("/api/v1/contacts?search=" + term + "&limit=100&page=" + lastPage,
                    tenant.key());
            assertEquals(6, deep.expect(200).arr().size(), "cap + 6 matches: six on the last page for " + term);
            assertFalse(deep.header("Link").contains("rel=\"next\""), term);
        }
        Http.Response rare = http.get("/api/v1/contacts?search=crowdless", tenant.key()).expect(200);
        assertEquals("1", rare.header("X-Total-Count"));
        assertNull(rare.header("X-Total-Count-Min"));
    }

    @Test
    void theTotalCountFollowsCreatesAndDeletes() {
        assertEquals("0", http.get("/api/v1/contacts", tenant.key()).header("X-Total-Count"));
        String a = create("{\"email\":\"count-a@example.com\"}").getString("id");
        create("{\"email\":\"count-b@example.com\"}");
        http.post("/api/v1/contacts", tenant.key(), obj("email", "count-b@example.com")).expectError(409);
        assertEquals("2", http.get("/api/v1/contacts", tenant.key()).header("X-Total-Count"));
        http.delete("/api/v1/contacts/" + a, tenant.key()).expect(204);
        assertEquals("1", http.get("/api/v1/contacts", tenant.key()).header("X-Total-Count"));
    }

    @Test
    void searchIsALiteralCaseInsensitiveSubstringOfNamesAndEmail() {
        create("{\"email\":\"ann@shop.com\",\"firstName\":\"Annabel\",\"lastName\":\"Lee\"}");
        create("{\"email\":\"bob@annex.io\",\"firstName\":\"Bob\"}");
        create("{\"email\":\"carl@example.com\",\"firstName\":\"Carl\",\"lastName\":\"Mann\"}");
        create("{\"email\":\"100%_off@example.com\",\"firstName\":\"Promo\"}");
        assertEquals(3, http.get("/api/v1/contacts?search=ANN", tenant.key()).expect(200).arr().size());
        assertEquals("3", http.get("/api/v1/contacts?search=ann", tenant.key()).header("X-Total-Count"));
        assertEquals(1, http.get("/api/v1/contacts?search=%25_", tenant.key()).arr().size(), "% and _ are literal");
        assertEquals(0, http.get("/api/v1/contacts?search=a_n", tenant.key()).arr().size());
        assertEquals(0, http.get("/api/v1/contacts?search=zzz", tenant.key()).arr().size());
    }

    @Test
    void theSearchIndexFollowsUpdatesAndDeletes() {
        String id = create("{\"email\":\"first@example.com\",\"firstName\":\"Quentin\"}").getString("id");
        assertEquals(1, http.get("/api/v1/contacts?search=quent", tenant.key()).arr().size());
        http.patch("/api/v1/contacts/" + id, tenant.key(), obj("firstName", "Rupert")).expect(200);
        assertEquals(0, http.get("/api/v1/contacts?search=quent", tenant.key()).arr().size());
        assertEquals(1, http.get("/api/v1/contacts?search=RUPE", tenant.key()).arr().size());
        assertEquals(1, http.get("/api/v1/contacts?search=first@ex", tenant.key()).arr().size());
        assertEquals(0, http.get("/api/v1/contacts?search=%22rup", tenant.key()).expect(200).arr().size(),
                "quotes are literal, not FTS syntax");
        assertEquals(0, http.get("/api/v1/contacts?search=rup*", tenant.key()).expect(200).arr().size());
        http.delete("/api/v1/contacts/" + id, tenant.key()).expect(204);
        assertEquals(0, http.get("/api/v1/contacts?search=rupert", tenant.key()).arr().size());
    }

    @Test
    void filterByTagCombinesWithSearch() {
        String tagId = http.post("/api/v1/tags", tenant.key(), obj("name", "Webinar")).obj().getString("id");
        String a = create("{\"email\":\"alpha@example.com\"}").getString("id");
        create("{\"email\":\"alpine@example.com\"}");
        String c = create("{\"email\":\"beta@example.com\"}").getString("id");
        for (String id : List.of(a, c)) {
            http.post("/api/v1/contacts/" + id + "/tags/add", tenant.key(), obj("tagId", tagId)).expect(200);
        }
        assertEquals(2, http.get("/api/v1/contacts?tagId=" + tagId, tenant.key()).arr().size());
        var both = http.get("/api/v1/contacts?tagId=" + tagId + "&search=alp", tenant.key()).arr();
        assertEquals(1, both.size());
        assertEquals(a, both.getJsonObject(0).getString("id"));
    }

    @Test
    void deleteErasesTheContactAndItsTags() {
        String id = create("{\"email\":\"gone@example.com\"}").getString("id");
        String tagId = http.post("/api/v1/tags", tenant.key(), obj("name", "Temp")).obj().getString("id");
        http.post("/api/v1/contacts/" + id + "/tags/add", tenant.key(), obj("tagId", tagId)).expect(200);
        long links = com.flownurture.support.DbSnapshot.count(server, "contact_tags");
        http.delete("/api/v1/contacts/" + id, tenant.key()).expect(204);
        http.get("/api/v1/contacts/" + id, tenant.key()).expectError(404);
        http.delete("/api/v1/contacts/" + id, tenant.key()).expectError(404);
        assertEquals(links - 1, com.flownurture.support.DbSnapshot.count(server, "contact_tags"));
        http.post("/api/v1/contacts", tenant.key(), obj("email", "gone@example.com")).expect(201);
    }

    @Test
    void customFieldsAndScoresRoundTrip() {
        JsonObject c = create("""
                {"email":"cf@example.com","leadScore":42,"engagementScore":-3,"country":"DE","city":"Berlin",
                 "source":"webinar","customFields":{"plan":"pro","seats":12,"trial":true,"note":null}}""");
        assertEquals(42, c.getInt("leadScore"));
        assertEquals(-3, c.getInt("engagementScore"));
        assertEquals("pro", c.getJsonObject("customFields").getString("plan"));
        assertEquals(12, c.getJsonObject("customFields").getInt("seats"));
        JsonObject fields = http.get("/api/v1/contacts/" + c.getString("id"), tenant.key()).expect(200).obj()
                .getJsonObject("customFields");
        assertEquals(c.getJsonObject("customFields"), fields, "read back as written");
        assertEquals(JsonValue.TRUE, fields.get("trial"));
        assertEquals(JsonValue.NULL, fields.get("note"), "a null value is kept, not dropped");
    }

    private static JsonObject withoutTags(JsonObject contact) {
        var builder = jakarta.json.Json.createObjectBuilder(contact);
        builder.remove("tags");
        return builder.build();
    }
}
