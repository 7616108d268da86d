package com.flownurture.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} as a separate JVM: first start makes the demo organization and a working key. */
class ServeProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    void firstStartPrintsAndSavesAWorkingDemoKey() throws Exception {
        Path db = dir.resolve("data").resolve("serve.db");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "com.flownurture.Main", "serve", "--port", "0", "--db", db.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null;
            StringBuilder printed = new StringBuilder();
            while (url == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                printed.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url = m.group(1);
                }
            }
            assertNotNull(url, "printed: " + printed);
            Path keyFile = db.resolveSibling("demo-api-key.txt");
            String key = Files.readString(keyFile).strip();
            assertTrue(printed.toString().contains(key), "the key is printed prominently");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> contacts = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/contacts"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, contacts.statusCode());
            assertTrue(contacts.body().startsWith("[{"));
            HttpResponse<String> workflows = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/workflows"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(workflows.body().contains("Welcome Sequence"));
        } finally {
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the server");
        }
    }
}
