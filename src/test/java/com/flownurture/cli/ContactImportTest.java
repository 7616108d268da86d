package com.flownurture.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.flownurture.support.TestApp;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code contacts import}: streaming CSV, upsert by email, a report line per bad row. */
class ContactImportTest {

    @TempDir
    Path dir;

    @Test
    void importsUpsertsAndReportsBadRows() throws Exception {
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            server.http().post("/api/v1/contacts", tenant.key(),
                    "{\"email\":\"Existing@example.com\",\"firstName\":\"Old\",\"company\":\"Keep\"}").expect(201);
            server.http().post("/api/v1/tags", tenant.key(), "{\"name\":\"Newsletter\"}").expect(201);
            Path csv = dir.resolve("contacts.csv");
            Files.writeString(csv, """
                    email,firstName,lastName,company,lifecycleStage,leadScore,customFields,tags
                    ada@example.com,Ada,Lovelace,Analytical,LEAD,42,"{""plan"":""pro""}",VIP; newsletter
                    existing@EXAMPLE.com,New,,,,,,vip
                    not-an-email,Bad,,,,,,
                    bob@example.com,Bob,,,VIP,,,
                    carl@example.com,Carl,"Smith, Jr.",,,7x,,
                    ada@example.com,Ada,Byron,,,,,
                    """);
            PrintStream originalOut = System.out;
            PrintStream originalErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = Cli.commandLine().execute("contacts", "import", "--org", tenant.orgId(), "--file",
                        csv.toString(), "--db", server.dbArgument(), "--batch", "2");
            } finally {
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
            assertEquals(0, exit, err.toString());
            JsonObject summary = Json.createReader(new StringReader(out.toString(StandardCharsets.UTF_8))).readObject();
            assertEquals(1, summary.getInt("created"), summary.toString());
            assertEquals(2, summary.getInt("updated"), "the existing contact and the repeated Ada");
            assertEquals(3, summary.getInt("failed"), err.toString(StandardCharsets.UTF_8));
            String report = err.toString(StandardCharsets.UTF_8);
            assertTrue(report.contains("line 4: email must be a valid email address"), report);
            assertTrue(report.contains("line 5: lifecycleStage"), report);
            assertTrue(report.contains("line 6: leadScore"), report);

            JsonObject ada = server.http().get("/api/v1/contacts?search=ada@", tenant.key()).arr().getJsonObject(0);
            assertEquals("Byron", ada.getString("lastName"), "upserted by email");
            assertEquals(42, ada.getInt("leadScore"));
            assertEquals("pro", ada.getJsonObject("customFields").getString("plan"));
            JsonObject existing = server.http().get("/api/v1/contacts?search=existing", tenant.key()).arr()
                    .getJsonObject(0);
            assertEquals("New", existing.getString("firstName"));
            assertEquals("Keep", existing.getString("company"), "empty cells change nothing");
            assertEquals("2", server.http().get("/api/v1/contacts", tenant.key()).header("X-Total-Count"),
                    "the existing contact and Ada; the bad rows were skipped");
            JsonArray adaTags = server.http().get("/api/v1/contacts/" + ada.getString("id"), tenant.key()).obj()
                    .getJsonArray("tags");
            assertEquals(List.of("Newsletter", "VIP"), adaTags.stream()
                    .map(t -> t.asJsonObject().getString("name")).toList(), "an existing tag is reused by name");
            assertEquals("2", server.http().get("/api/v1/tags", tenant.key()).header("X-Total-Count"),
                    "VIP was created once, for Ada, and found again for the existing contact");
            assertEquals(1, server.http().get("/api/v1/contacts/" + existing.getString("id"), tenant.key()).obj()
                    .getJsonArray("tags").size());
        }
    }

    @Test
    void aHeaderWithoutEmailOrWithUnknownColumnsIsAUsageError() throws Exception {
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            Path csv = dir.resolve("bad.csv");
            Files.writeString(csv, "firstName,password\nAda,x\n");
            assertEquals(2, Cli.commandLine().execute("contacts", "import", "--org", tenant.orgId(), "--file",
                    csv.toString(), "--db", server.dbArgument()));
        }
    }

    /**
     * Issue #18, item 8: a CSV that cannot be read is reported by its line and a sentence, not by the parser's
     * exception; the rows before that line are imported.
     */
    @Test
    void anUnreadableCsvIsReportedByLineAndSentence() throws Exception {
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            List<Object[]> cases = List.of(
                    new Object[] {"email,firstName\na1@example.com,A\na2@example.com,\"Ada\"x\n", "line 3:", "quoted"},
                    new Object[] {"email,firstName\nb1@example.com,B\nb2@example.com,\"Bob\n", "line 3:", "quoted"},
                    new Object[] {"email,email\nc@example.com,c@example.com\n", "line 1:", "twice"});
            for (Object[] c : cases) {
                Path csv = dir.resolve("broken.csv");
                Files.writeString(csv, (String) c[0]);
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                PrintStream originalErr = System.err;
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                int exit;
                try {
                    exit = Cli.commandLine().execute("contacts", "import", "--org", tenant.orgId(), "--file", csv.toString(),
                            "--db", server.dbArgument(), "--batch", "1");
                } finally {
                    System.setErr(originalErr);
                }
                String output = err.toString(StandardCharsets.UTF_8);
                String message = output.substring(Math.max(0, output.indexOf("Error: "))).strip();
                assertEquals(2, exit, c[2] + ": " + message);
                assertTrue(message.startsWith("Error: " + c[1]) && message.contains((String) c[2]), message);
                assertFalse(message.contains("Exception") || message.contains("java."), message);
            }
            // Bytes that are not UTF-8 fail their own line only.
            Path csv = dir.resolve("latin1.csv");
            byte[] text = "email,firstName\nd1@example.com,D\nd2@example.com,X".getBytes(StandardCharsets.UTF_8);
            byte[] bytes = java.util.Arrays.copyOf(text, text.length + 3);
            bytes[text.length] = (byte) 0xc3;
            bytes[text.length + 1] = (byte) 0x28;
            bytes[text.length + 2] = (byte) '\n';
            Files.write(csv, bytes);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, Cli.commandLine().execute("contacts", "import", "--org", tenant.orgId(), "--file",
                        csv.toString(), "--db", server.dbArgument()));
            } finally {
                System.setErr(originalErr);
            }
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("line 3: the line is not UTF-8 text"), err.toString());
            JsonArray imported = server.http().get("/api/v1/contacts?limit=100", tenant.key()).expect(200).arr();
            assertEquals(List.of("a1@example.com", "b1@example.com", "d1@example.com"), imported.stream()
                    .map(v -> v.asJsonObject().getString("email")).sorted().toList(), "the rows before the bad line");
        }
    }
}
