package com.flownurture.observe;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.SqliteOnly;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /health/ready}: 200 with every check UP, 503 naming the check that failed; {@code /health} stays 200. */
class ReadinessTest {

    @Test
    void readyWhenTheDatabaseTheWriterAndTheEngineWork() {
        try (TestApp server = TestApp.start(Map.of("engine.enabled", "true", "engine.tick-ms", "50"))) {
            JsonObject ready = server.http().get("/health/ready", null).expect(200).obj();
            assertEquals("UP", ready.getString("status"));
            assertEquals(Map.of("database", "UP", "writer", "UP", "engine", "UP"), Map.copyOf(
                    ready.getJsonObject("checks").entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> ((jakarta.json.JsonString) e.getValue()).getString()))));
        }
    }

    @Test
    void smtpIsCheckedWhenConfigured() {
        try (TestApp server = TestApp.start(Map.of("mail.host", "127.0.0.1", "mail.port", "1"))) {
            JsonObject ready = server.http().get("/health/ready", null).expect(200).obj();
            assertEquals("UP", ready.getJsonObject("checks").getString("smtp"), "no send has failed yet");
        }
    }

    @SqliteOnly("another connection's exclusive lock on the SQLite file stops its one writer thread")
    @Test
    void aWriterThatCannotCommitMakesTheInstanceUnready() throws Exception {
        try (TestApp server = TestApp.start(Map.of("database.busy-timeout-ms", "4000"))) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dbFile());
                 Statement s = c.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                Http.Response response = server.http().get("/health/ready", null);
                assertEquals(503, response.status());
                JsonObject body = response.obj();
                assertEquals("DOWN", body.getString("status"));
                assertEquals("DOWN", body.getJsonObject("checks").getString("writer"));
                assertEquals("UP", body.getJsonObject("checks").getString("database"), "reads go on under the lock");
                assertEquals("writer", body.getJsonArray("failed").getString(0));
                server.http().get("/health", null).expect(200);
                s.execute("COMMIT");
            }
            Await.until(Duration.ofSeconds(10), "ready again once the lock is gone",
                    () -> server.http().get("/health/ready", null).status() == 200);
        }
    }
}
