package com.flownurture.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import com.flownurture.support.Api;
import com.flownurture.support.Http;
import com.flownurture.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} as a separate JVM: first start makes the demo organization and a working key. */
class ServeProcessTest {

    @TempDir
    Path dir;

    @Test
    void firstStartPrintsAndSavesAWorkingDemoKey() throws Exception {
        Path db = dir.resolve("data").resolve("serve.db");
        Process process = ServerProcess.start(db);
        try {
            String[] started = ServerProcess.awaitUrl(process);
            String url = started[0];
            String printed = started[1];
            Path keyFile = db.resolveSibling("demo-api-key.txt");
            String key = Files.readString(keyFile).strip();
            assertTrue(printed.contains(key), "the key is printed prominently");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            Path loginFile = db.resolveSibling("demo-login.txt");
            String login = Files.readString(loginFile);
            String password = login.lines().filter(l -> l.startsWith("password: ")).findFirst().orElseThrow()
                    .substring("password: ".length());
            assertTrue(login.contains("email: demo@example.com") && printed.contains(password),
                    "the demo login is printed once and saved");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loginFile)));

            Http http = new Http(url);
            Api api = http.api(key);
            assertTrue(api.get("/api/v1/contacts").expect(200).body().startsWith("[{"));
            assertTrue(api.get("/api/v1/workflows").body().contains("Welcome Sequence"));

            Http.Response dashboard = http.get("/", null);
            assertEquals(303, dashboard.status(), "the dashboard asks for the sign-in");
            assertEquals("/login", dashboard.header("Location"));
        } finally {
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the server");
        }
    }
}
