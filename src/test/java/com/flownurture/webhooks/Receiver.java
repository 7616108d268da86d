package com.flownurture.webhooks;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.flownurture.common.WebhookSignature;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A webhook receiver on a real second HTTP server (127.0.0.1): records every call, verifies its signature with the
 * secret it is given, and answers with the status it is set to. Stopping it and starting it again keeps the port.
 */
final class Receiver implements AutoCloseable {

    /** One call as the receiver saw it. */
    record Call(String event, String delivery, long timestamp, String signature, String body, boolean signatureValid) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(204);
    private volatile String secret = "";
    private final int port;
    private WebServer server;

    Receiver() {
        server = start(0);
        port = server.port();
    }

    void secret(String secret) {
        this.secret = secret;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** Stops listening: calls are refused until {@link #restart()}. */
    void stop() {
        server.stop();
    }

    void restart() {
        server = start(port);
    }

    private WebServer start(int on) {
        return WebServer.builder().host("127.0.0.1").port(on).routing(r -> r.post("/hook", (req, res) -> {
            calls.add(call(req));
            res.status(Status.create(status.get())).send();
        })).build().start();
    }

    private Call call(ServerRequest req) {
        String body = new String(req.content().as(byte[].class), StandardCharsets.UTF_8);
        long timestamp = Long.parseLong(header(req, WebhookSignature.TIMESTAMP));
        String signature = header(req, WebhookSignature.SIGNATURE);
        boolean valid = !secret.isEmpty()
                && signature.equals(WebhookSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)));
        return new Call(header(req, "X-FlowNurture-Event"), header(req, WebhookSignature.DELIVERY), timestamp, signature,
                body, valid);
    }

    private static String header(ServerRequest req, String name) {
        return req.headers().first(HeaderNames.create(name)).orElse("");
    }

    @Override
    public void close() {
        server.stop();
    }
}
