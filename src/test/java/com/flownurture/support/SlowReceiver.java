package com.flownurture.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver that holds each request until released (or a time has passed), so a test can stop or kill the
 * server while a WEBHOOK step is in flight. Records when each delivery arrived.
 */
public final class SlowReceiver implements AutoCloseable {

    /** One delivery: its {@code X-FlowNurture-Delivery} header and when it arrived ({@link System#nanoTime()}). */
    public record Delivery(String id, long arrivedNanos) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** @param hold how long a request is held before the 200, unless released earlier */
    public SlowReceiver(java.time.Duration hold) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-FlowNurture-Delivery"),
                    System.nanoTime()));
            exchange.getRequestBody().readAllBytes();
            try {
                release.await(hold.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL WEBHOOK steps call. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every delivery so far, in arrival order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Answers every held and later request at once. */
    public void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
