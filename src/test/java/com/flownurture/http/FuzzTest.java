package com.flownurture.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Fixture;
import com.flownurture.support.Gen;
import com.flownurture.support.Http;
import com.flownurture.support.SeededCases;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and mutated requests to every route of the route table: never a 5xx, every error is the documented JSON,
 * and the database changes only on a 2xx. 400 random cases from one seed ({@link SeededCases}); a last dynamic test
 * checks every case passed and only then prints what was sent ({@code ./run.sh soak} shows that line).
 */
class FuzzTest {

    private static final List<String> FIELDS = List.of("email", "firstName", "lifecycleStage", "leadScore",
            "customFields", "name", "status", "steps", "groups", "tagId", "contactId", "workflowId", "type",
            "rules", "value", "operator", "field", "delayAmount", "admin", "");
    private static final int CASES = 400;
    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private static Fixture fixture;

    @BeforeAll
    static void createFixture() {
        fixture = Fixture.create(server, server.tenant());
    }

    /** What the cases of one run sent, and how many held every invariant (the cases run one after another). */
    private static final class Tally {
        final Set<ApiRoutes.Route> routes = new HashSet<>();
        int sent;
        int passed;
    }

    record Request(ApiRoutes.Route route, String pathOverride, String query, String contentType, byte[] body) {
    }

    private static Request request(Gen gen) {
        String segment = gen.orNull(0.6, () -> gen.oneOf(
                () -> URLEncoder.encode(gen.string(1, 40), StandardCharsets.UTF_8),
                () -> gen.pick("..", "%2F", "..%2F..%2Fetc", "%00", "c" + "a".repeat(300), "%C3%28", "-1", "0")));
        String query = gen.oneOf(() -> "", () -> "?" + gen.pick("page", "limit", "search", "tagId", "status",
                "contactId", "x") + "=" + URLEncoder.encode(gen.oneOf(() -> gen.string(0, 20),
                () -> gen.pick("-1", "0", "1", "100", "101", "99999999999", "1e3", "%", "_")), StandardCharsets.UTF_8));
        String contentType = gen.orNull(0.1, () -> gen.pick("application/json", "application/json; charset=utf-8",
                "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"));
        byte[] body = gen.orNull(0.1, () -> gen.oneOf(() -> json(gen).getBytes(StandardCharsets.UTF_8),
                () -> gen.bytes(200)));
        return new Request(gen.pick(server.app().routes()), segment, query, contentType, body);
    }

    /** A JSON document (or a broken one): objects of the API's field names, arrays of them, or a scalar. */
    private static String json(Gen gen) {
        return gen.oneOf(() -> object(gen),
                () -> "[" + String.join(",", gen.list(0, 3, () -> object(gen))) + "]",
                () -> scalar(gen),
                () -> gen.pick("{", "{\"a\":}", "[{]", "{\"email\":\"x@y.z\",\"email\":\"q@y.z\"}"));
    }

    private static String object(Gen gen) {
        return "{" + String.join(",", gen.list(0, 5, () -> quote(gen.pick(FIELDS)) + ":" + scalar(gen))) + "}";
    }

    private static String scalar(Gen gen) {
        return gen.oneOf(() -> quote(gen.string(0, 30)), () -> String.valueOf(gen.anyInt()),
                () -> gen.pick("null", "true", "1.5", "1e400", "-0", "\"\"", "\"a@b.co\"", "\"ACTIVE\"", "\"DELAY\"",
                        "[]", "{}", "\"" + fixture.tagId() + "\"", "\"" + fixture.contactId() + "\""));
    }

    private static String quote(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }

    @TestFactory
    Stream<DynamicTest> neverA5xxAlwaysTheErrorJsonAndNoChangeWithoutA2xx() {
        SeededCases cases = SeededCases.fromSystemProperty();
        Tally tally = new Tally();
        return Stream.concat(cases.cases(CASES, FuzzTest::request, r -> send(r, tally)),
                Stream.of(DynamicTest.dynamicTest("every case held every invariant", () -> {
                    assertEquals(CASES, tally.passed, "cases that held every invariant, of " + tally.sent
                            + " sent with seed " + cases.seed());
                    System.out.println("fuzz: " + tally.sent + " cases sent to " + tally.routes.size()
                            + " routes, " + (tally.sent - tally.passed) + " invariant violations (seed "
                            + cases.seed() + ")");
                })));
    }

    private static void send(Request r, Tally tally) {
        String path = r.pathOverride() == null
                ? fixture.path(r.route())
                : fixture.path(r.route()).replaceAll("/c[a-z0-9]{24}(?=/|$)", "/" + r.pathOverride());
        String before = DbSnapshot.of(server);
        Http.Response response = server.http().sendBytes(r.route().method(), path + r.query(),
                List.of("Bearer " + fixture.tenant().key()), r.contentType(), r.body());
        tally.sent++;
        tally.routes.add(r.route());
        assertTrue(response.status() < 500, () -> r.route() + " " + path + " gave " + response.status() + ": "
                + response.body());
        if (response.status() >= 400) {
            JsonObject error = response.obj();
            assertEquals(response.status(), error.getInt("statusCode"));
            assertEquals(3, error.size());
            assertEquals(before, DbSnapshot.of(server), () -> "a " + response.status() + " changed the "
                    + "database: " + r.route() + " " + path);
        }
        tally.passed++;
    }
}
