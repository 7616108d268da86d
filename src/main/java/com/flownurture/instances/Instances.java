package com.flownurture.instances;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.flownurture.common.Ids;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Statement;

/**
 * This server process in the {@code instances} table, and its heartbeat: crash recovery in seconds, not a lease.
 * Claims on enrollments and messages name the instance that made them, and a claim whose instance has no row is
 * free at once. Every second an instance beats and forgets the instances that are dead: another instance's
 * heartbeat older than {@link #DEAD_AFTER}, or, on this host, an instance whose process is gone (a server restarted
 * after a SIGKILL takes over its predecessor's claims at start, without waiting). A clean stop deletes the row.
 * Heartbeats are wall-clock milliseconds, so instances on several hosts need synchronised clocks (NTP). Thread-safe.
 */
public final class Instances implements AutoCloseable {

    /** How often an instance beats. */
    public static final Duration BEAT = Duration.ofSeconds(1);
    /** A heartbeat this old means the instance is dead (five missed beats: a long GC or writer stall is not). */
    public static final Duration DEAD_AFTER = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(Instances.class.getName());

    private final Database db;
    private final String id = Ids.newId();
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    /** When this process started (epoch ms): a row with its pid made earlier is a predecessor's. */
    private final long processStart = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
            .orElse(Long.MAX_VALUE);
    private final Statement ping;
    private final Statement othersHere;
    private final Statement insert;
    private final Statement delete;
    private final Statement deleteStale;
    private ScheduledExecutorService heartbeat;

    public Instances(Database db) {
        this.db = db;
        this.ping = db.statement("ready-ping");
        this.othersHere = db.statement("instance-others-here");
        this.insert = db.statement("instance-insert");
        this.delete = db.statement("instance-delete");
        this.deleteStale = db.statement("instance-delete-stale");
    }

    /** This instance's id, which its claims carry. */
    public String id() {
        return id;
    }

    /** Registers this instance, forgets the dead ones (their claims are free now), and starts beating. */
    public void start() {
        beat();
        heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("instance-heartbeat").daemon().factory());
        heartbeat.scheduleWithFixedDelay(this::beatQuietly, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One heartbeat: this instance's row refreshed (made again if others took it for dead), the dead forgotten. */
    void beat() {
        long now = System.currentTimeMillis();
        List<Other> here = db.list(othersHere, Params.of("host", host, "id", id),
                r -> new Other(r.string("id"), r.longValue("pid"), r.longValue("started_at")));
        db.write(tx -> {
            tx.update(insert, Params.of("id", id, "host", host, "pid", pid, "now", now));
            for (Other other : here) {
                if (dead(other)) {
                    tx.update(delete, Params.of("id", other.id()));
                }
            }
            return tx.update(deleteStale, Params.of("id", id, "stale", now - DEAD_AFTER.toMillis()));
        });
    }

    /**
     * Whether the database answers a query where {@code reads} run: the reader pool, or a write's transaction
     * (the readiness probe's checks).
     */
    public boolean databaseAnswers(Reads reads) {
        return reads.exists(ping, Params.of());
    }

    /** Another instance registered from this host. */
    private record Other(String id, long pid, long startedAt) {
    }

    /**
     * Whether an instance of this host is dead for sure: its process is gone, or it had this process's pid before
     * this process started (a pid reused, as in a restarted container). A row with this pid made since is another
     * instance in this same JVM (tests run two), alive.
     */
    private boolean dead(Other other) {
        if (other.pid() == pid) {
            return other.startedAt() < processStart;
        }
        return ProcessHandle.of(other.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            // The next beat tries again; five missed ones and other instances take this one's claims.
            LOG.log(Level.WARNING, "heartbeat failed: " + e.getMessage());
        }
    }

    /** Stops beating and deletes this instance's row: whatever it still claims is free for the others. */
    @Override
    public void close() {
        if (heartbeat != null) {
            heartbeat.shutdown();
            try {
                heartbeat.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            db.write(tx -> tx.update(delete, Params.of("id", id)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not unregister this instance; it is forgotten once its heartbeat is stale");
        }
    }

    /**
     * This host as far as process ids go: its name and its pid namespace, so containers that share a host name (and
     * not their processes) never judge each other's pids.
     */
    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            name = "localhost";
        }
        try {
            return name + " " + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return name;
        }
    }
}
