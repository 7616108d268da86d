package com.flownurture.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.flownurture.support.Await;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and abusive clients: idle connections and stalled requests are closed while others are served, and a thousand
 * connections are served or refused cleanly.
 */
class SlowClientsTest {

    /** A read and a write by a well-behaved client go through at once, whatever the others are doing. */
    private static void assertOthersServed(TestApp server, TestApp.Tenant tenant, String email) {
        long start = System.nanoTime();
        server.http().get("/api/v1/contacts", tenant.key()).expect(200);
        server.http().post("/api/v1/contacts", tenant.key(), obj("email", email)).expect(201);
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "others are served meanwhile");
    }

    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (read == 0) {
                    return false;
                }
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads one response: the headers, then Content-Length bytes of body (or up to EOF). */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int length = -1;
        int headerEnd = -1;
        byte[] buffer = new byte[4096];
        while (headerEnd < 0 || text.length() < headerEnd + length) {
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            if (headerEnd < 0 && text.indexOf("\r\n\r\n") >= 0) {
                headerEnd = text.indexOf("\r\n\r\n") + 4;
                var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
        }
        return text.toString();
    }

    @Test
    void idleConnectionsAreClosedWithoutTyingUpTheServer() throws Exception {
        try (TestApp server = TestApp.start(Map.of("server.read-timeout-seconds", "1"))) {
            TestApp.Tenant tenant = server.tenant();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    Socket s = new Socket("127.0.0.1", server.app().port());
                    s.setSoTimeout(10_000);
                    // One complete request, then nothing: the connection sits open, as a slow client would leave it.
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    idle.add(s);
                }
                assertOthersServed(server, tenant, "served@example.com");
                long closed = idle.stream().filter(SlowClientsTest::closedByServer).count();
                assertEquals(idle.size(), (int) closed, "every idle connection was closed by the server");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void requestsWhoseHeadersOrBodiesStallAreCutOffWhileOthersAreServed() throws Exception {
        try (TestApp server = TestApp.start(Map.of("server.read-timeout-seconds", "1"))) {
            TestApp.Tenant tenant = server.tenant();
            List<Socket> slow = new ArrayList<>();
            AtomicBoolean trickling = new AtomicBoolean(true);
            try {
                for (int i = 0; i < 80; i++) {
                    Socket s = new Socket("127.0.0.1", server.app().port());
                    s.setSoTimeout(10_000);
                    String start = switch (i % 4) {
                        // Half a request line, then silence.
                        case 3 -> "GET /hea";
                        // Half a header block, then silence.
                        case 0 -> "GET /health HTTP/1.1\r\nHost: localhost\r\n";
                        // Headers one byte at a time (below), never finished: a slowloris.
                        case 1 -> "GET /health HTTP/1.1\r\nX-Slow: ";
                        // Complete headers, then a body that trickles in.
                        default -> "POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                + tenant.key() + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{";
                    };
                    s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                Thread trickler = Thread.ofPlatform().daemon().start(() -> {
                    while (trickling.get()) {
                        for (int i = 0; i < slow.size(); i++) {
                            if (i % 4 == 1 || i % 4 == 2) {
                                try {
                                    slow.get(i).getOutputStream().write(i % 4 == 1 ? 'a' : ' ');
                                } catch (IOException closed) {
                                    // cut off by the server: what the test waits for
                                }
                            }
                        }
                        Await.pause(Duration.ofMillis(200));
                    }
                });
                long start = System.nanoTime();
                assertOthersServed(server, tenant, "fast@example.com");
                long closed = slow.stream().filter(SlowClientsTest::closedByServer).count();
                long waited = (System.nanoTime() - start) / 1_000_000;
                trickling.set(false);
                trickler.join(5_000);
                assertEquals(slow.size(), (int) closed, "every stalled request was cut off");
                assertTrue(waited < 8_000, "within a few read timeouts: " + waited + " ms");
                assertEquals("1", server.http().get("/api/v1/contacts", tenant.key()).header("X-Total-Count"),
                        "no trickled body became a contact");
            } finally {
                trickling.set(false);
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aThousandConcurrentConnectionsAreServedOrRefusedCleanly() throws Exception {
        try (TestApp server = TestApp.start()) {
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger garbage = new AtomicInteger();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    try {
                        Socket s = new Socket("127.0.0.1", server.app().port());
                        s.setSoTimeout(30_000);
                        open.add(s);
                    } catch (IOException e) {
                        refused.incrementAndGet();
                    }
                }
                List<Future<?>> all = new ArrayList<>();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (Socket s : open) {
                        all.add(pool.submit(() -> {
                            try {
                                s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\n"
                                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                                String response = readResponse(s.getInputStream());
                                if (response.startsWith("HTTP/1.1 200") && response.contains("\"status\":\"UP\"")) {
                                    ok.incrementAndGet();
                                } else if (response.isEmpty() || response.startsWith("HTTP/1.1 503")) {
                                    refused.incrementAndGet();
                                } else {
                                    garbage.incrementAndGet();
                                }
                            } catch (IOException e) {
                                refused.incrementAndGet();
                            }
                            return null;
                        }));
                    }
                }
                for (Future<?> f : all) {
                    f.get();
                }
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
            assertEquals(1000, ok.get() + refused.get(), "every connection got an answer or a clean refusal");
            assertEquals(0, garbage.get());
            assertTrue(ok.get() >= 900, "nearly all were served: " + ok.get());
        }
    }
}
