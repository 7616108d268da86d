package com.flownurture.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line in-process, against a fresh database file. */
class CliTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        JsonStructure json() {
            return Json.createReader(new StringReader(out)).read();
        }
    }

    private Result run(String... args) {
        CommandLine cli = Cli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = cli.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    private String db() {
        return dir.resolve("cli.db").toString();
    }

    @Test
    void orgsAndKeysLifecycle() {
        Result created = run("orgs", "create", "--name", "Acme", "--db", db());
        assertEquals(0, created.exit(), created.err());
        JsonObject org = (JsonObject) created.json();
        assertEquals("Acme", org.getString("name"));
        assertEquals(3, org.size(), "id, name, createdAt");

        JsonArray orgs = (JsonArray) run("orgs", "list", "--db", db()).json();
        assertEquals(org.getString("id"), orgs.getJsonObject(0).getString("id"));

        Result key = run("keys", "create", "--org", org.getString("id"), "--name", "CI",
                "--scopes", "contacts:read,contacts:write", "--db", db());
        assertEquals(0, key.exit(), key.err());
        JsonObject k = (JsonObject) key.json();
        assertTrue(k.getString("key").matches("fn_[A-Za-z0-9]{32,}"));
        assertEquals(2, k.getJsonArray("scopes").size());

        Result listed = run("keys", "list", "--org", org.getString("id"), "--db", db());
        assertFalse(listed.out().contains(k.getString("key")), "the key is never listed");
        JsonObject row = ((JsonArray) listed.json()).getJsonObject(0);
        assertTrue(k.getString("key").startsWith(row.getString("prefix")));
        assertTrue(row.isNull("revokedAt"));

        Result revoked = run("keys", "revoke", "--id", k.getString("id"), "--db", db());
        assertEquals(0, revoked.exit(), revoked.err());
        assertFalse(((JsonObject) revoked.json()).isNull("revokedAt"));
    }

    @Test
    void usageErrorsExit2WithOneLine() {
        Result unknownScope = run("orgs", "create", "--name", "X", "--db", db());
        String orgId = ((JsonObject) unknownScope.json()).getString("id");
        Result bad = run("keys", "create", "--org", orgId, "--name", "n", "--scopes", "contacts:admin", "--db", db());
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("contacts:admin"));

        Result missing = run("keys", "create", "--org", orgId, "--db", db());
        assertEquals(2, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Result unknownCommand = run("frobnicate");
        assertEquals(2, unknownCommand.exit());
    }

    @Test
    void failuresExit1() {
        Result noOrg = run("keys", "create", "--org", "cnope", "--name", "n", "--scopes", "contacts:read",
                "--db", db());
        assertEquals(1, noOrg.exit());
        assertTrue(noOrg.err().startsWith("Error: "));
    }

    @Test
    void everyCommandPrintsHelp() {
        for (String[] command : new String[][] {{"--help"}, {"serve", "--help"}, {"orgs", "create", "--help"},
            {"orgs", "list", "--help"}, {"keys", "create", "--help"}, {"keys", "list", "--help"},
            {"keys", "revoke", "--help"}, {"demo", "--help"}}) {
            CommandLine cli = Cli.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            assertEquals(0, cli.execute(command), String.join(" ", command));
            assertTrue(out.toString().contains("Usage:"), String.join(" ", command));
            if (command.length > 1) {
                assertTrue(out.toString().contains("--db"), "every command takes --db: " + String.join(" ", command));
            }
        }
    }

    @Test
    void demoMakesAUsableOrganization() {
        Result demo = run("demo", "--db", db());
        assertEquals(0, demo.exit(), demo.err());
        JsonObject json = (JsonObject) demo.json();
        assertTrue(json.getString("apiKey").startsWith("fn_"));
        assertTrue(json.getJsonArray("contactIds").size() >= 45);
        assertTrue(json.getJsonArray("tagIds").size() >= 3);
        assertFalse(json.getString("welcomeWorkflowId").isEmpty());
        assertFalse(json.getString("segmentId").isEmpty());
    }
}
