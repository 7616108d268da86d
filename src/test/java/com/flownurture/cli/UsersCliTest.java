package com.flownurture.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.config.ConfigLoader;
import com.flownurture.users.Passwords;
import com.flownurture.users.UserRepository;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code users create|list|remove|reset-password}, in-process, with the password on standard input. */
class UsersCliTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        JsonObject object() {
            return Json.createReader(new StringReader(out)).readObject();
        }
    }

    private Result run(String stdin, String... args) {
        CommandLine cli = Cli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        InputStream originalIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int exit = cli.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(originalOut);
            System.setIn(originalIn);
        }
    }

    private String db() {
        return dir.resolve("cli.db").toString();
    }

    @Test
    void createListResetAndRemove() {
        String org = Json.createReader(new StringReader(run("", "orgs", "create", "--name", "Acme", "--db", db())
                .out())).readObject().getString("id");

        Result created = run("a long enough password\n", "users", "create", "--org", org, "--email",
                "ann@example.com", "--role", "admin", "--db", db());
        assertEquals(0, created.exit(), created.err());
        JsonObject user = created.object();
        assertEquals(java.util.Set.of("id", "email", "orgId", "role", "createdAt"), user.keySet());
        assertEquals("admin", user.getString("role"));
        assertFalse(created.out().contains("a long enough password"), "the password is never printed");

        Result shortPassword = run("too short\n", "users", "create", "--org", org, "--email", "bob@example.com",
                "--role", "member", "--db", db());
        assertEquals(2, shortPassword.exit());
        assertEquals(1, shortPassword.err().strip().lines().count(), shortPassword.err());
        assertTrue(shortPassword.err().contains("at least 12 characters"), shortPassword.err());
        assertEquals(2, run("a long enough password\n", "users", "create", "--org", org, "--email",
                "bob@example.com", "--role", "owner", "--db", db()).exit(), "an unknown role is a usage error");
        assertEquals(1, run("a long enough password\n", "users", "create", "--org", org, "--email",
                "ann@example.com", "--role", "member", "--db", db()).exit(), "the email is taken");

        JsonArray list = Json.createReader(new StringReader(run("", "users", "list", "--org", org, "--db", db())
                .out())).readArray();
        assertEquals(1, list.size());
        assertFalse(list.toString().contains("password"), "no hash in the listing");

        String id = user.getString("id");
        assertEquals(0, run("another fine password\n", "users", "reset-password", "--id", id, "--db", db()).exit());
        try (Components c = Components.open(ConfigLoader.load(null, java.util.Map.of("database.path", db()),
                java.util.Map.of()), Clock.systemUTC())) {
            String hash = new UserRepository(c.db(), c.clock()).find(id).orElseThrow().passwordHash();
            assertTrue(Passwords.matches("another fine password", hash));
            assertTrue(hash.startsWith("$2"), "a bcrypt hash");
        }
        assertEquals(0, run("", "users", "remove", "--id", id, "--db", db()).exit());
        assertEquals(1, run("", "users", "remove", "--id", id, "--db", db()).exit(), "already removed");
    }
}
