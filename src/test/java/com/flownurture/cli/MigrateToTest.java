package com.flownurture.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.flownurture.demo.DemoData;
import com.flownurture.support.MutableClock;
import com.flownurture.support.PostgresOnly;
import com.flownurture.support.TestApp;
import com.flownurture.support.TestDatabases;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code migrate-to}: an SQLite database moved into an empty PostgreSQL one serves the same API. */
@PostgresOnly("needs a PostgreSQL server to move into")
class MigrateToTest {

    @Test
    void anSqliteDatabaseMovesWithItsIdsTimesOrderAndSearch() throws Exception {
        MutableClock clock = MutableClock.now();
        Path from = Files.createTempDirectory("flownurture-from");
        Path to = Files.createTempDirectory("flownurture-to");
        String key;
        String contacts;
        String total;
        String contactId;
        String detail;
        String search;
        try (TestApp sqlite = TestApp.start(Map.of("database.url", ""), from, clock)) {
            DemoData.Result demo = DemoData.create(sqlite.app().components());
            key = demo.apiKey();
            contactId = demo.contactIds().get(0);
            sqlite.api(key).enroll(contactId, demo.welcomeWorkflowId());
            var list = sqlite.http().get("/api/v1/contacts?limit=100", key).expect(200);
            contacts = list.body();
            total = list.header("X-Total-Count");
            detail = sqlite.http().get("/api/v1/contacts/" + contactId, key).expect(200).body();
            search = sqlite.http().get("/api/v1/contacts?search=exam", key).expect(200).body();
        }
        String url = TestDatabases.urlFor(to);
        Outcome moved = run("migrate-to", "--db", from.resolve("test.db").toString(), "--url", url);
        assertEquals(0, moved.exit(), moved.err());
        JsonObject summary = Json.createReader(new StringReader(moved.out())).readObject();
        assertTrue(summary.getBoolean("verified"));
        assertTrue(summary.getJsonObject("rows").getInt("contacts") > 0, summary.toString());
        assertEquals(1, summary.getJsonObject("rows").getInt("enrollments"), summary.toString());

        // The stored secrets moved sealed: the PostgreSQL server needs the key they were sealed with.
        Files.copy(from.resolve("secret.key"), to.resolve("secret.key"));
        try (TestApp postgres = TestApp.start(Map.of(), to, clock)) {
            var list = postgres.http().get("/api/v1/contacts?limit=100", key).expect(200);
            assertEquals(contacts, list.body(), "the same contacts, ids, times and order");
            assertEquals(total, list.header("X-Total-Count"), "the organization's count, made after the copy");
            assertEquals(Json.createReader(new StringReader(detail)).readObject(), Json.createReader(
                    new StringReader(postgres.http().get("/api/v1/contacts/" + contactId, key).expect(200).body()))
                    .readObject(), "a contact with its tags and custom fields");
            assertEquals(search, postgres.http().get("/api/v1/contacts?search=exam", key).expect(200).body(),
                    "the search index is built");
            String created = postgres.http().post("/api/v1/contacts", key, "{\"email\":\"after@example.com\"}")
                    .expect(201).obj().getString("id");
            var after = postgres.http().get("/api/v1/contacts", key).expect(200);
            assertEquals(created, after.arr().getJsonObject(0).getString("id"),
                    "a contact made after the move is the newest");
            assertEquals(Long.parseLong(total) + 1, Long.parseLong(after.header("X-Total-Count")),
                    "the count's trigger is on again after the move");
        }
        Outcome again = run("migrate-to", "--db", from.resolve("test.db").toString(), "--url", url);
        assertNotEquals(0, again.exit(), "a database that holds data is never written into");
        assertTrue(again.err().contains("not empty"), again.err());
    }

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.commandLine().execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
