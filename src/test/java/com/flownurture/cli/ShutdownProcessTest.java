package com.flownurture.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.flownurture.app.Components;
import com.flownurture.auth.Scopes;
import com.flownurture.config.ConfigLoader;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.ServerDb;
import com.flownurture.support.ServerProcess;
import com.flownurture.support.SlowReceiver;
import com.flownurture.workflows.WorkflowStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} as a separate JVM, sent SIGTERM while a request is half received and a WEBHOOK step is in flight:
 * the request completes, the step completes, no claim is left held, the instance is unregistered, and the process
 * exits 0 within {@code server.shutdown-seconds}.
 */
class ShutdownProcessTest {

    private static final int SHUTDOWN_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void sigtermFinishesTheRequestAndTheStepInHandThenExitsZero() throws Exception {
        try (SlowReceiver receiver = new SlowReceiver(Duration.ofSeconds(2))) {
            Path db = dir.resolve("stop.db");
            Path config = dir.resolve("stop.yaml");
            Files.writeString(config, """
                    rate-limit: {requests-per-minute: 1000000}
                    engine: {tick-ms: 20}
                    server: {shutdown-seconds: %d}
                    webhooks: {allow-private-targets: true}
                    """.formatted(SHUTDOWN_SECONDS));
            String key;
            String workflow;
            try (Components c = Components.open(ConfigLoader.load(config, Map.of("database.path", db.toString()),
                    Map.of()), Clock.systemUTC())) {
                String org = c.orgs().create("Stop").id();
                key = c.keys().create(org, "stop", Scopes.ALL).secret();
                workflow = c.workflows().create(org, "Hook", WorkflowStatus.ACTIVE,
                        arr(obj("type", "WEBHOOK", "url", receiver.url()))).id();
            }
            Process server = ServerProcess.start(db, "--config", config.toString());
            URI base = URI.create(ServerProcess.awaitUrl(server)[0]);
            Api api = new Http(base.toString()).api(key);
            api.enroll(api.createContact("stop@example.com"), workflow);
            Await.until(Duration.ofSeconds(10), "the webhook step in flight", () -> !receiver.deliveries().isEmpty());

            try (Socket slow = new Socket(base.getHost(), base.getPort())) {
                String body = "{\"email\":\"slow@example.com\"}";
                OutputStream out = slow.getOutputStream();
                out.write(("POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + body.substring(0, 10)).getBytes(StandardCharsets.UTF_8));
                out.flush();
                // Nothing outside the server shows that it has taken the half-sent request in: give it the time.
                Await.pause(Duration.ofMillis(300));
                long stopped = System.nanoTime();
                server.destroy(); // SIGTERM
                Await.until(Duration.ofSeconds(5), "the server to stop accepting connections", () -> refused(base));
                out.write(body.substring(10).getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = slow.getInputStream();
                String response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 201", response, "the request in flight completes");

                assertTrue(server.waitFor(SHUTDOWN_SECONDS + 5, TimeUnit.SECONDS), "the process exits");
                long tookMillis = (System.nanoTime() - stopped) / 1_000_000;
                assertEquals(0, server.exitValue(), "a clean stop exits 0");
                assertTrue(tookMillis < SHUTDOWN_SECONDS * 1000L, "within server.shutdown-seconds: " + tookMillis);
            }
            assertEquals(1, receiver.deliveries().size(), "the step in hand was not abandoned and run again");
            ServerDb stopped = ServerDb.sqlite(db);
            assertEquals(1, stopped.count("SELECT COUNT(*) FROM enrollment_history WHERE outcome = 'DELIVERED'"),
                    "the step in hand finished and was recorded");
            assertEquals(0, stopped.count("SELECT COUNT(*) FROM enrollments WHERE claim_token IS NOT NULL"),
                    "no claim is left held");
            assertEquals(0, stopped.count("SELECT COUNT(*) FROM instances"), "the instance unregistered");
            assertEquals(1, stopped.count("SELECT COUNT(*) FROM contacts WHERE email = ?", "slow@example.com"));
        }
    }

    /** Whether a new connection is refused: the server is stopping, its listener closed. */
    private static boolean refused(URI base) {
        try (Socket probe = new Socket(base.getHost(), base.getPort())) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
