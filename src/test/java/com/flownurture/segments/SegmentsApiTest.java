package com.flownurture.segments;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.flownurture.support.Http;
import com.flownurture.support.Json;
import com.flownurture.support.TestApp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operator over a small, known set of contacts, through preview, _count and /contacts. */
class SegmentsApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private static Http http;
    private static String key;
    private static String vipTag;
    private static final Map<String, String> IDS = new java.util.HashMap<>();

    @BeforeAll
    static void setUp() {
        http = server.http();
        key = server.tenant().key();
        vipTag = http.post("/api/v1/tags", key, obj("name", "VIP")).obj().getString("id");
        contact("ann", obj("email", "ann@acme.com", "firstName", "Ann", "company", "Acme Inc", "country", "DE",
                "lifecycleStage", "LEAD", "leadScore", 10, "engagementScore", 5,
                "customFields", obj("plan", "Pro", "seats", 3)));
        server.clock().advance(Duration.ofDays(10));
        contact("bob", obj("email", "bob@globex.io", "firstName", "Bob", "company", "Globex", "country", "US",
                "lifecycleStage", "MQL", "leadScore", 50, "engagementScore", 40, "customFields", obj("plan", "free")));
        server.clock().advance(Duration.ofDays(10));
        contact("cy", obj("email", "cy@acme.com", "firstName", "Cy", "lifecycleStage", "CUSTOMER", "leadScore", 90));
        http.post("/api/v1/contacts/" + IDS.get("bob") + "/tags/add", key, obj("tagId", vipTag)).expect(200);
    }

    private static void contact(String name, JsonObject fields) {
        IDS.put(name, server.api(key).createContact(fields).getString("id"));
    }

    private static Set<String> preview(JsonArray groups) {
        JsonObject result = http.post("/api/v1/segments/preview", key, obj("groups", groups)).expect(200).obj();
        Set<String> names = new TreeSet<>();
        result.getJsonArray("sample").forEach(c -> IDS.forEach((name, id) -> {
            if (id.equals(c.asJsonObject().getString("id"))) {
                names.add(name);
            }
        }));
        assertEquals(names.size(), result.getInt("count"));
        return names;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "company        | equals       | \"acme inc\"              | ann",
        "company        | not_equals   | \"Acme Inc\"              | bob cy",
        "email          | contains     | \"ACME\"                  | ann cy",
        "email          | not_contains | \"acme\"                  | bob",
        "firstName      | starts_with  | \"b\"                     | bob",
        "email          | ends_with    | \".io\"                   | bob",
        "company        | is_empty     | null                      | cy",
        "company        | is_not_empty | null                      | ann bob",
        "country        | in           | [\"de\",\"us\"]           | ann bob",
        "country        | not_in       | [\"DE\"]                  | bob cy",
        "leadScore      | equals       | 50                        | bob",
        "leadScore      | not_equals   | 50                        | ann cy",
        "leadScore      | gt           | 50                        | cy",
        "leadScore      | gte          | 50                        | bob cy",
        "leadScore      | lt           | 50                        | ann",
        "engagementScore| lte          | 5                         | ann cy",
        "lifecycleStage | equals       | \"MQL\"                   | bob",
        "lifecycleStage | not_equals   | \"MQL\"                   | ann cy",
        "lifecycleStage | in           | [\"LEAD\",\"CUSTOMER\"]   | ann cy",
        "lifecycleStage | not_in       | [\"LEAD\"]                | bob cy",
        "lifecycleStage | at_least     | \"MQL\"                   | bob cy",
        "lifecycleStage | at_most      | \"MQL\"                   | ann bob",
        "createdAt      | within_last_days | 15                    | bob cy",
        "createdAt      | more_than_days_ago | 15                  | ann",
        "tag            | has          | \"VIP\"                   | bob",
        "tag            | has_not      | \"VIP\"                   | ann cy",
        "customFields.plan | equals    | \"pro\"                   | ann",
        "customFields.plan | is_empty  | null                      | cy",
        "customFields.seats | equals   | \"3\"                     | ann"})
    void everyOperatorSelectsTheRightContacts(String field, String operator, String value, String expected) {
        JsonValue v = value.equals("\"VIP\"") ? Json.value(vipTag) : Json.parse(value);
        JsonObject rule = v.equals(JsonValue.NULL) ? obj("field", field, "operator", operator)
                : obj("field", field, "operator", operator, "value", v);
        assertEquals(new TreeSet<>(Set.of(expected.split(" "))), preview(arr(obj("rules", arr(rule)))));
    }

    @Test
    void datesBeforeAndAfter() {
        String firstDay = server.clock().instant().minus(Duration.ofDays(15)).toString();
        assertEquals(Set.of("ann"), preview(arr(obj("rules", arr(obj("field", "createdAt", "operator", "before",
                "value", firstDay))))));
        assertEquals(Set.of("bob", "cy"), preview(arr(obj("rules", arr(obj("field", "createdAt", "operator", "after",
                "value", firstDay))))));
        assertEquals(Set.of("ann", "bob", "cy"), preview(arr(obj("rules", arr(obj("field", "updatedAt",
                "operator", "after", "value", "2000-01-01"))))));
    }

    @Test
    void anyGroupMatchesAndAllRulesOfAGroupMust() {
        JsonObject leadsFromAcme = obj("rules", arr(obj("field", "email", "operator", "contains", "value", "acme"),
                        obj("field", "lifecycleStage", "operator", "equals", "value", "LEAD")));
        JsonObject vips = obj("rules", arr(obj("field", "tag", "operator", "has", "value", vipTag)));
        assertEquals(Set.of("ann"), preview(arr(leadsFromAcme)));
        assertEquals(Set.of("ann", "bob"), preview(arr(leadsFromAcme, vips)));
        assertEquals(Set.of(), preview(arr()), "no groups match nobody");
    }

    @Test
    void savedSegmentsCountListAndChange() {
        JsonObject created = http.post("/api/v1/segments", key, obj("name", "Acme",
                "groups", arr(obj("rules", arr(obj("field", "email", "operator", "ends_with", "value", "@acme.com"))))))
                .expect(201).obj();
        String id = created.getString("id");
        JsonObject rule = created.getJsonArray("groups").getJsonObject(0).getJsonArray("rules").getJsonObject(0);
        assertTrue(rule.getString("id").length() >= 20);
        assertEquals(0, created.getJsonArray("groups").getJsonObject(0).getInt("order"));
        JsonObject got = http.get("/api/v1/segments/" + id, key).expect(200).obj();
        assertEquals(2, got.getJsonObject("_count").getInt("contacts"));
        Http.Response members = http.get("/api/v1/segments/" + id + "/contacts?limit=1", key).expect(200);
        assertEquals(1, members.arr().size());
        assertEquals("2", members.header("X-Total-Count"));
        assertEquals(IDS.get("cy"), members.arr().getJsonObject(0).getString("id"), "newest first");
        assertTrue(http.get("/api/v1/segments", key).body().contains(id));

        http.patch("/api/v1/segments/" + id, key, obj("name", "Renamed")).expect(200);
        JsonObject changed = http.patch("/api/v1/segments/" + id, key,
                obj("groups", arr(obj("rules", arr(obj("field", "leadScore", "operator", "gte", "value", 0))))))
                .expect(200).obj();
        assertEquals("Renamed", changed.getString("name"));
        assertEquals(3, http.get("/api/v1/segments/" + id, key).obj().getJsonObject("_count").getInt("contacts"));
        http.delete("/api/v1/segments/" + id, key).expect(204);
        http.get("/api/v1/segments/" + id, key).expectError(404);
    }

    @Test
    void savedStageRulesReadBackAsWrittenAndCountByTheFunnel() {
        JsonArray groups = arr(obj("rules", arr(
                obj("field", "lifecycleStage", "operator", "in", "value", arr("CUSTOMER", "LEAD")),
                obj("field", "lifecycleStage", "operator", "at_least", "value", "SQL"))));
        JsonObject created = http.post("/api/v1/segments", key, obj("name", "Late funnel", "groups", groups))
                .expect(201).obj();
        String id = created.getString("id");
        JsonArray rules = http.get("/api/v1/segments/" + id, key).expect(200).obj().getJsonArray("groups")
                .getJsonObject(0).getJsonArray("rules");
        assertEquals(created.getJsonArray("groups").getJsonObject(0).getJsonArray("rules"), rules);
        assertEquals("[\"CUSTOMER\",\"LEAD\"]", rules.getJsonObject(0).get("value").toString(), "order as written");
        assertEquals("\"SQL\"", rules.getJsonObject(1).get("value").toString());
        assertEquals(1, http.get("/api/v1/segments/" + id, key).obj().getJsonObject("_count").getInt("contacts"),
                "only cy is a CUSTOMER, at least SQL, and in the list");
        http.delete("/api/v1/segments/" + id, key).expect(204);

        JsonObject refused = http.post("/api/v1/segments/preview", key, obj("groups", arr(obj("rules",
                arr(obj("field", "lifecycleStage", "operator", "in", "value", arr("LEAD", "VIP")))))))
                .expectError(400).obj();
        assertEquals("groups[0].rules[0].value[] must be one of SUBSCRIBER, LEAD, MQL, SQL, CUSTOMER",
                refused.getString("message"));
    }

    @Test
    void aSegmentUsedByAConditionStepCannotBeDeleted() {
        String id = http.post("/api/v1/segments", key, obj("name", "Used", "groups", arr())).obj().getString("id");
        http.post("/api/v1/workflows", key, obj("name", "W", "steps", arr(obj("type", "CONDITION", "segmentId", id))))
                .expect(201);
        http.delete("/api/v1/segments/" + id, key).expectError(409);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field      | [{\"rules\":[{\"field\":\"password\",\"operator\":\"equals\",\"value\":\"x\"}]}] | groups[0].rules[0].field",
        "wrong operator     | [{\"rules\":[{\"field\":\"leadScore\",\"operator\":\"contains\",\"value\":\"x\"}]}] | groups[0].rules[0].operator",
        "number as string   | [{\"rules\":[{\"field\":\"leadScore\",\"operator\":\"gt\",\"value\":\"x\"}]}] | groups[0].rules[0].value",
        "in needs an array  | [{\"rules\":[{\"field\":\"country\",\"operator\":\"in\",\"value\":\"DE\"}]}] | groups[0].rules[0].value",
        "bad stage          | [{\"rules\":[{\"field\":\"lifecycleStage\",\"operator\":\"at_least\",\"value\":\"VIP\"}]}] | groups[0].rules[0].value",
        "bad date           | [{\"rules\":[{\"field\":\"createdAt\",\"operator\":\"before\",\"value\":\"yesterday\"}]}] | groups[0].rules[0].value",
        "unknown tag        | [{\"rules\":[{\"field\":\"tag\",\"operator\":\"has\",\"value\":\"cnope\"}]}] | groups[0].rules[0].value",
        "missing value      | [{\"rules\":[{\"field\":\"email\",\"operator\":\"equals\"}]}] | groups[0].rules[0].value",
        "empty group        | [{\"rules\":[]}] | groups[0].rules",
        "second group bad   | [{\"rules\":[{\"field\":\"email\",\"operator\":\"is_empty\"}]},{\"rules\":[{\"field\":\"x\",\"operator\":\"y\"}]}] | groups[1].rules[0].field"})
    void badRulesAreRefusedNamingTheGroupAndRule(String name, String groups, String named) {
        Http.Response response = http.post("/api/v1/segments", key, obj("name", "Bad", "groups", Json.parse(groups)))
                .expectError(400);
        assertTrue(response.obj().getString("message").contains(named), response.body());
        http.post("/api/v1/segments/preview", key, obj("groups", Json.parse(groups))).expectError(400);
    }
}
