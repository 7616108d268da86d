package com.flownurture.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.flownurture.app.Components;
import com.flownurture.cli.Cli;
import com.flownurture.common.WebhookSignature;
import com.flownurture.messages.Message;
import com.flownurture.support.Await;
import com.flownurture.support.MutableClock;
import com.flownurture.support.SqliteOnly;
import com.flownurture.support.TestApp;
import com.flownurture.support.TestDatabases;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets at rest (docs/security.md): the stored secrets are sealed with the server's key, read raw from the
 * tables; they still sign and verify end to end; the CLI re-encrypts them under a new key; a server without the key
 * they were sealed with refuses to start; and the SQLite files are readable by their owner only.
 */
class SecretsAtRestTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path scratch;

    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** What a test created: the plaintext of every secret it made, and the ids to find them. */
    private record Created(String orgId, String key, String orgSecret, String subscriptionId,
                           String subscriptionSecret, String messageId, String trackingKey, String bounceSecret) {
        List<String> secrets() {
            return List.of(orgSecret, subscriptionSecret, trackingKey, bounceSecret);
        }
    }

    /** An organization, a webhook subscription and a queued message: one secret of each stored kind. */
    private static Created create(TestApp server) {
        TestApp.Tenant tenant = server.tenant();
        // With an Idempotency-Key: the kept response holds the secret too (found in review), so it is sealed.
        String subscription = server.http().sendWithHeader(io.helidon.http.Method.POST, "/api/v1/webhooks",
                List.of("Bearer " + tenant.key()), "Idempotency-Key", "rest-1",
                "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"contact.created\"]}").expect(201).obj()
                .toString();
        jakarta.json.JsonObject created = jakarta.json.Json.createReader(new java.io.StringReader(subscription))
                .readObject();
        String contact = server.http().post("/api/v1/contacts", tenant.key(), obj("email", "rest@example.com"))
                .expect(201).obj().getString("id");
        var components = server.app().components();
        components.db().write(tx -> components.messages().queue(tx, new Message.New(tenant.orgId(), contact, null,
                null, "rest@example.com", null, null, null, "Hello", "<p>Hi</p>", "<p>Hi</p>", null)));
        Message message = components.messages().list(tenant.orgId(), contact, null,
                new com.flownurture.common.PageRequest(1, 10)).messages().getFirst();
        String trackingKey = components.messages().find(message.id()).orElseThrow().tracking().key();
        return new Created(tenant.orgId(), tenant.key(),
                components.orgs().find(tenant.orgId()).orElseThrow().webhookSecret(), created.getString("id"),
                created.getString("secret"), message.id(), trackingKey,
                components.orgs().bounceSecret(tenant.orgId()).orElseThrow());
    }

    /** The stored values of the secret columns, read raw through JDBC. */
    private static List<String> rawSecrets(String jdbcUrl) {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT webhook_secret FROM organizations",
                    "SELECT bounce_secret FROM organizations",
                    "SELECT secret FROM webhook_subscriptions",
                    "SELECT tracking_key FROM messages WHERE tracking_key IS NOT NULL",
                    "SELECT response FROM idempotency_keys")) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    /** Every column of the tables that hold secrets, as text: what a stolen copy of the database shows. */
    private static String rawTables(String jdbcUrl) {
        StringBuilder text = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            for (String table : List.of("organizations", "webhook_subscriptions", "messages", "idempotency_keys")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            text.append(rs.getString(i)).append('|');
                        }
                        text.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static void assertNoPlaintext(String where, String text, List<String> secrets) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), where + " holds a secret in plain text");
            // Hex and base64url secrets: no lower-cased or partial copy either.
            assertFalse(text.contains(secret.substring(secret.length() - 16)), where + " holds part of a secret");
        }
    }

    @Test
    void theSecretColumnsHoldNoPlaintextAndTheValuesStillWork() throws Exception {
        String key = newKey();
        try (TestApp server = TestApp.start(Map.of("secrets.key", key))) {
            Created created = create(server);
            String raw = rawTables(server.jdbcUrl());
            assertNoPlaintext("the raw tables", raw, created.secrets());
            for (String value : rawSecrets(server.jdbcUrl())) {
                assertTrue(value.startsWith("v1:"), "sealed: " + value.substring(0, Math.min(4, value.length())));
            }
            if (!TestDatabases.postgres()) {
                server.app().components().db().checkpoint();
                String file = Files.readString(server.dbFile(), StandardCharsets.ISO_8859_1);
                assertNoPlaintext("the database file", file, created.secrets());
            }
            // Read back through the repositories, the secrets are what was handed out.
            assertEquals(created.subscriptionSecret().substring(0, 10), server.http()
                    .get("/api/v1/webhooks/" + created.subscriptionId(), created.key()).expect(200).obj()
                    .getString("secretPrefix"));
            assertEquals(64, created.orgSecret().length(), "the organization's secret is opened, not the envelope");
            assertEquals(48, created.trackingKey().length(), "the tracking key is opened, not the envelope");
        }
    }

    @Test
    void aWebhookStepIsSignedWithTheSealedSecret() throws Exception {
        List<String[]> received = new CopyOnWriteArrayList<>();
        WebServer receiver = WebServer.builder().port(0).host("127.0.0.1").routing(r -> r.post("/ok", (req, res) -> {
            received.add(new String[] {req.headers().get(HeaderNames.create(WebhookSignature.SIGNATURE)).get(),
                req.headers().get(HeaderNames.create(WebhookSignature.TIMESTAMP)).get(),
                new String(req.content().as(byte[].class), StandardCharsets.UTF_8)});
            res.status(Status.NO_CONTENT_204).send();
        })).build().start();
        try (TestApp server = TestApp.start(Map.of("secrets.key", newKey(), "engine.enabled", "true",
                "engine.tick-ms", "20"))) {
            TestApp.Tenant tenant = server.tenant();
            String secret = server.app().components().orgs().find(tenant.orgId()).orElseThrow().webhookSecret();
            assertFalse(rawTables(server.jdbcUrl()).contains(secret), "sealed at rest");
            String contact = server.http().post("/api/v1/contacts", tenant.key(), obj("email", "hook@example.com"))
                    .expect(201).obj().getString("id");
            String workflow = server.http().post("/api/v1/workflows", tenant.key(), obj("name", "W",
                    "status", "ACTIVE",
                    "steps", arr(obj("type", "WEBHOOK", "url", "http://127.0.0.1:" + receiver.port() + "/ok"))))
                    .expect(201).obj().getString("id");
            server.http().post("/api/v1/enrollments", tenant.key(), obj("contactId", contact, "workflowId", workflow))
                    .expect(201);
            Await.until(Duration.ofSeconds(10), "the webhook", () -> received.size() == 1);
            String[] call = received.getFirst();
            assertEquals(WebhookSignature.sign(secret, Long.parseLong(call[1]), call[2].getBytes(StandardCharsets.UTF_8)),
                    call[0], "a receiver verifies the signature with the organization's secret");
        } finally {
            receiver.stop();
        }
    }

    @Test
    void rotationReEncryptsEverySecretAndTheOldKeyCanThenGo() throws Exception {
        String oldKey = newKey();
        String newKey = newKey();
        Path dir = Files.createTempDirectory("flownurture-rotate");
        MutableClock clock = MutableClock.now();
        Created created;
        String dbArgument;
        try (TestApp server = TestApp.start(Map.of("secrets.key", oldKey), dir, clock)) {
            created = create(server);
            dbArgument = server.dbArgument();
        }
        String before = String.join("\n", rawSecrets(jdbcUrl(dbArgument)));

        Result rotated = cli(config("key: " + newKey, "previous-keys: [\"" + oldKey + "\"]"),
                "secrets", "rotate", "--db", dbArgument);
        assertEquals(0, rotated.exit(), rotated.err());
        assertTrue(rotated.out().contains("\"resealed\""), rotated.out());
        List<String> after = rawSecrets(jdbcUrl(dbArgument));
        assertFalse(after.isEmpty());
        for (String value : after) {
            assertTrue(value.startsWith("v1:"), "sealed");
            assertFalse(before.contains(value), "re-encrypted under the new key");
        }
        assertNoPlaintext("the rotated tables", rawTables(jdbcUrl(dbArgument)), created.secrets());

        // The old key removed: everything still opens.
        try (TestApp server = TestApp.start(Map.of("secrets.key", newKey), dir, clock)) {
            assertOpens(server, created);
        }
        // And the old key alone no longer opens this database: a clear error, exit 2, one line.
        Result refused = cli(config("key: " + oldKey), "orgs", "list", "--db", dbArgument);
        assertEquals(2, refused.exit(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("key"), refused.err());
        assertFalse(refused.err().contains(oldKey) || refused.err().contains(newKey), "no key material");
    }

    @Test
    void theRotationRefusesTablesThatLeaveASealedColumnOut() {
        try (TestApp server = TestApp.start(Map.of("secrets.key", newKey()))) {
            var c = server.app().components();
            List<SealedTable> all = Components.sealedTables(c.db());
            List<SealedTable> missing = all.subList(1, all.size());
            assertThrows(IllegalArgumentException.class,
                    () -> new StoredSecrets(c.db(), c.secrets(), c.clock(), missing));
            List<SealedTable> twice = new ArrayList<>(all);
            twice.add(all.getLast());
            assertThrows(IllegalArgumentException.class,
                    () -> new StoredSecrets(c.db(), c.secrets(), c.clock(), twice));
        }
    }

    @Test
    void plaintextFromAnOlderVersionKeepsWorkingAndIsSealedOnTheFirstStartOrByRotate() throws Exception {
        String key = newKey();
        Path dir = Files.createTempDirectory("flownurture-upgrade");
        MutableClock clock = MutableClock.now();
        Created created;
        String url;
        try (TestApp server = TestApp.start(Map.of("secrets.key", key), dir, clock)) {
            created = create(server);
            url = server.jdbcUrl();
        }
        // What an older version left: every secret in plain text, and no key recorded.
        storePlaintext(url, created, "DELETE FROM secret_keys");
        try (TestApp server = TestApp.start(Map.of("secrets.key", key), dir, clock)) {
            rawSecrets(url).forEach(value -> assertTrue(value.startsWith("v1:"), "sealed on the first start"));
            assertOpens(server, created);
        }
        // A plaintext value met later (a restored row) still opens, and `secrets rotate` seals it.
        storePlaintext(url, created, "SELECT 1");
        try (TestApp server = TestApp.start(Map.of("secrets.key", key), dir, clock)) {
            assertTrue(rawTables(url).contains(created.orgSecret()), "left as it is by a later start");
            assertOpens(server, created);
            Result rotated = cli(config("key: " + key), "secrets", "rotate", "--db", server.dbArgument());
            assertEquals(0, rotated.exit(), rotated.err());
            assertNoPlaintext("the tables after rotate", rawTables(url), created.secrets());
            assertOpens(server, created);
        }
    }

    private static void storePlaintext(String url, Created created, String also) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String[] update : List.of(
                    new String[] {"UPDATE organizations SET webhook_secret = ? WHERE id = ?", created.orgSecret(),
                        created.orgId()},
                    new String[] {"UPDATE webhook_subscriptions SET secret = ? WHERE id = ?",
                        created.subscriptionSecret(), created.subscriptionId()},
                    new String[] {"UPDATE messages SET tracking_key = ? WHERE id = ?", created.trackingKey(),
                        created.messageId()})) {
                try (var prepared = c.prepareStatement(update[0])) {
                    prepared.setString(1, update[1]);
                    prepared.setString(2, update[2]);
                    assertEquals(1, prepared.executeUpdate());
                }
            }
            s.execute(also);
        }
    }

    private static void assertOpens(TestApp server, Created created) {
        var components = server.app().components();
        assertEquals(created.orgSecret(), components.orgs().find(created.orgId()).orElseThrow().webhookSecret());
        assertEquals(created.trackingKey(),
                components.messages().find(created.messageId()).orElseThrow().tracking().key());
        assertEquals(created.subscriptionSecret().substring(0, 10), server.http()
                .get("/api/v1/webhooks/" + created.subscriptionId(), created.key()).expect(200).obj()
                .getString("secretPrefix"));
    }

    @Test
    void aServerWithTheWrongKeyRefusesToStart() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-wrong-key");
        MutableClock clock = MutableClock.now();
        String dbArgument;
        try (TestApp server = TestApp.start(Map.of("secrets.key", newKey()), dir, clock)) {
            create(server);
            dbArgument = server.dbArgument();
        }
        String wrong = newKey();
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> TestApp.start(Map.of("secrets.key", wrong), dir, clock).close());
        assertTrue(error.getMessage().contains("secrets.key"), error.getMessage());
        Result cli = cli(config("key: " + wrong), "orgs", "list", "--db", dbArgument);
        assertEquals(2, cli.exit(), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertFalse(cli.err().contains(wrong), "no key material in the error");

        Result malformed = cli(config("key: not-a-key"), "orgs", "list", "--db", dbArgument);
        assertEquals(2, malformed.exit(), malformed.err());
        assertEquals(1, malformed.err().strip().lines().count(), malformed.err());
    }

    @Test
    @SqliteOnly("the generated key file lies beside the SQLite file")
    void aDatabaseMovedAwayFromItsGeneratedKeyIsRefusedWithoutANewKeyFile() throws Exception {
        Path made = Files.createTempDirectory("flownurture-made").resolve("test.db");
        Path generated = config("previous-keys: []");
        Result created = cli(generated, "orgs", "create", "--name", "Moved", "--db", made.toString());
        assertEquals(0, created.exit(), created.err());
        assertTrue(Files.exists(made.resolveSibling("secret.key")), "the first start generates the key");
        Path moved = Files.createTempDirectory("flownurture-moved").resolve("test.db");
        try (var source = java.sql.DriverManager.getConnection("jdbc:sqlite:" + made);
             var copy = source.prepareStatement("VACUUM INTO ?")) {
            copy.setString(1, moved.toString());
            copy.execute();
        }

        Result refused = cli(generated, "orgs", "list", "--db", moved.toString());
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().contains("secrets.key"), refused.err());
        assertFalse(Files.exists(moved.resolveSibling("secret.key")), "no key that could never open it");
    }

    @Test
    @SqliteOnly("file modes are the SQLite file's; PostgreSQL keeps its own files")
    void theDatabaseFilesAreTheOwnersOnlyAndAWiderFileIsTightenedAtStart() throws Exception {
        Path dir = Files.createTempDirectory("flownurture-modes");
        Path db = dir.resolve("made").resolve("test.db");
        MutableClock clock = MutableClock.now();
        Map<String, String> config = Map.of("database.path", db.toString());
        try (TestApp server = TestApp.start(config, dir, clock)) {
            server.tenant();
            assertEquals("rwx------", mode(db.getParent()), "the directory the server made");
            for (String file : List.of("test.db", "test.db-wal", "test.db-shm", "secret.key")) {
                assertEquals("rw-------", mode(db.resolveSibling(file)), file);
            }
            Path backup = scratch.resolve("backup.db");
            assertEquals(0, Cli.commandLine().execute("backup", "--to", backup.toString(), "--db", db.toString()));
            assertEquals("rw-------", mode(backup), "a backup holds the same secrets");
        }
        for (String file : List.of("test.db", "test.db-wal", "test.db-shm")) {
            Path path = db.resolveSibling(file);
            if (Files.exists(path)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (TestApp server = TestApp.start(config, dir, clock)) {
            server.tenant();
            for (String file : List.of("test.db", "test.db-wal", "test.db-shm")) {
                assertEquals("rw-------", mode(db.resolveSibling(file)), file + " tightened at start");
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String jdbcUrl(String dbArgument) {
        return dbArgument.startsWith("jdbc:") ? dbArgument : "jdbc:sqlite:" + dbArgument;
    }

    /** A config file with a {@code secrets:} section of these lines. */
    private Path config(String... lines) throws IOException {
        Path file = Files.createTempFile(scratch, "secrets", ".yaml");
        Files.writeString(file, "secrets:\n" + String.join("\n", lines.length == 0 ? new String[0]
                : java.util.Arrays.stream(lines).map(l -> "  " + l).toArray(String[]::new)) + "\n");
        return file;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result cli(Path config, String... args) {
        CommandLine cli = Cli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--config", config.toString()));
            int exit = cli.execute(all.toArray(String[]::new));
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }
}
