package com.flownurture.engine;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

import com.flownurture.common.TargetPolicy;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A receiver cannot hold the caller: no redirects followed, a bounded answer, a short timeout. */
class HttpWebhookClientTest {

    private final HttpWebhookClient client = new HttpWebhookClient(new TargetPolicy(true), Duration.ofSeconds(1));

    @Test
    void anEndlessAnswerIsCutAfter64KB() {
        WebServer receiver = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.post("/", (req, res) -> {
            byte[] chunk = new byte[8192];
            try (OutputStream out = res.outputStream()) {
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                }
            }
        })).build().start();
        try {
            long start = System.nanoTime();
            int status = client.post("http://127.0.0.1:" + receiver.port() + "/", Map.of(), "{}".getBytes(),
                    Duration.ofSeconds(1));
            assertEquals(200, status);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "not the whole 800 MB");
        } finally {
            receiver.stop();
        }
    }

    @Test
    void redirectsAreNotFollowedAndASilentReceiverTimesOut() {
        WebServer receiver = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r
                .post("/moved", (req, res) -> res.status(302).header(HeaderNames.LOCATION, "http://169.254.169.254/")
                        .send())
                .post("/silent", (req, res) -> {
                    Thread.sleep(5_000);
                    res.send();
                })).build().start();
        try {
            String base = "http://127.0.0.1:" + receiver.port();
            assertEquals(302, client.post(base + "/moved", Map.of(), "{}".getBytes(), Duration.ofSeconds(1)));
            long start = System.nanoTime();
            assertThrows(Exception.class, () -> client.post(base + "/silent", Map.of(), "{}".getBytes(),
                    Duration.ofSeconds(1)));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "the read timed out");
        } finally {
            receiver.stop();
        }
    }
}
