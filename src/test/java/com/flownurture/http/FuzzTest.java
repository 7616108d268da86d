package com.flownurture.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Fixture;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and mutated requests to every route of the route table: never a 5xx, every error is the documented JSON,
 * and the database changes only on a 2xx.
 */
class FuzzTest {

    private static final List<String> FIELDS = List.of("email", "firstName", "lifecycleStage", "leadScore",
            "customFields", "name", "status", "steps", "groups", "tagId", "contactId", "workflowId", "type",
            "rules", "value", "operator", "field", "delayAmount", "admin", "");
    private static TestApp server;
    private static Fixture fixture;
    static final AtomicInteger SENT = new AtomicInteger();

    @BeforeContainer
    static void start() {
        server = TestApp.start();
        fixture = Fixture.create(server, server.tenant());
    }

    @AfterContainer
    static void stop() {
        server.close();
        // A property failure stops the run, so reaching here means no invariant was violated.
        System.out.println("fuzz: " + SENT.get() + " cases sent to " + server.app().routes().size()
                + " routes, 0 invariant violations");
    }

    record Request(com.flownurture.http.ApiRoutes.Route route, String pathOverride, String query, String contentType,
                   byte[] body) {
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<com.flownurture.http.ApiRoutes.Route> route = Arbitraries.of(server.app().routes());
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.of("..", "%2F", "..%2F..%2Fetc", "%00", "c" + "a".repeat(300), "%C3%28", "-1", "0"));
        Arbitrary<String> query = Arbitraries.oneOf(
                Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("page", "limit", "search", "tagId", "status", "contactId", "x"),
                        Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                                Arbitraries.of("-1", "0", "1", "100", "101", "99999999999", "1e3", "%", "_")))
                        .as((k, v) -> "?" + k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json; charset=utf-8",
                "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1");
        Arbitrary<byte[]> body = Arbitraries.oneOf(jsonBodies().map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
        return Combinators.combine(route, segment.injectNull(0.6), query, contentType.injectNull(0.1),
                body.injectNull(0.1)).as(Request::new);
    }

    private static Arbitrary<String> jsonBodies() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(FuzzTest::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("null", "true", "1.5", "1e400", "-0", "\"\"", "\"a@b.co\"", "\"ACTIVE\"", "\"DELAY\"",
                        "[]", "{}", "\"" + fixture.tagId() + "\"", "\"" + fixture.contactId() + "\""));
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(FIELDS), scalar)
                .as((k, v) -> quote(k) + ":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(5).map(m -> "{" + String.join(",", m) + "}");
        return Arbitraries.oneOf(object, object.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
                scalar, Arbitraries.of("{", "{\"a\":}", "[{]", "{\"email\":\"x@y.z\",\"email\":\"q@y.z\"}"));
    }

    private static String quote(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }

    @Property(tries = 400)
    void neverA5xxAlwaysTheErrorJsonAndNoChangeWithoutA2xx(@ForAll("requests") Request r) {
        String path = r.pathOverride() == null
                ? fixture.path(r.route())
                : fixture.path(r.route()).replaceAll("/c[a-z0-9]{24}(?=/|$)", "/" + r.pathOverride());
        String before = DbSnapshot.of(server.dbFile());
        Http.Response response = server.http().sendBytes(r.route().method(), path + r.query(),
                List.of("Bearer " + fixture.tenant().key()), r.contentType(), r.body());
        SENT.incrementAndGet();
        assertTrue(response.status() < 500, () -> r.route() + " " + path + " gave " + response.status() + ": "
                + response.body());
        if (response.status() >= 400) {
            JsonObject error = response.obj();
            assertEquals(response.status(), error.getInt("statusCode"));
            assertEquals(3, error.size());
            assertEquals(before, DbSnapshot.of(server.dbFile()), () -> "a " + response.status() + " changed the "
                    + "database: " + r.route() + " " + path);
        }
    }
}
