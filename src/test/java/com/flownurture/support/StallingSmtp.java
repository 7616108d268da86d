package com.flownurture.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP server at the edge that accepts one conversation and stops at a chosen point of DATA, so a test can kill
 * the sender while it is in that phase. Enough SMTP for Angus Mail: one-line replies, no extensions.
 */
public final class StallingSmtp implements AutoCloseable {

    /** Where the conversation stops. */
    public enum Stop {
        /** The DATA command gets no reply: the message is not written, and the final dot is far off. */
        AT_DATA_COMMAND,
        /** The whole message and its final dot are read, and no reply follows: the sender cannot know the outcome. */
        AFTER_FINAL_DOT,
        /** As {@link #AFTER_FINAL_DOT}, then the connection is closed. */
        CLOSE_AFTER_FINAL_DOT
    }

    private final ServerSocket server;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Listens on a free loopback port and serves one conversation up to {@code stop}. */
    public StallingSmtp(Stop stop) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> serve(stop));
    }

    /** The port to configure as {@code mail.port}. */
    public int port() {
        return server.getLocalPort();
    }

    /** Waits until the conversation reached its stop; false on timeout. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serve(Stop stop) {
        try (Socket socket = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 stalling ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.toUpperCase(java.util.Locale.ROOT).startsWith("DATA")) {
                    reply(out, "250 OK");
                    continue;
                }
                if (stop == Stop.AT_DATA_COMMAND) {
                    stopped.countDown();
                    in.readLine(); // blocks until the sender's connection goes
                    return;
                }
                reply(out, "354 go ahead");
                for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                    // the message, read and dropped
                }
                stopped.countDown();
                if (stop == Stop.AFTER_FINAL_DOT) {
                    in.readLine();
                }
                return;
            }
        } catch (IOException e) {
            // the sender was killed, or the test closed the server
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
