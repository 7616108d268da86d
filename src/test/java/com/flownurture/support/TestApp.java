package com.flownurture.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.app.App;
import com.flownurture.auth.ApiKeys;
import com.flownurture.auth.Scopes;
import com.flownurture.config.AppConfig;
import com.flownurture.config.ConfigLoader;
import com.flownurture.orgs.Organization;

/**
 * The real server on a random port over a fresh SQLite file, started through the production wiring, with a
 * controllable clock. Tests create tenants (an organization and a key) through the same repositories the CLI uses.
 */
public final class TestApp implements AutoCloseable {

    private final Path dir;
    private final MutableClock clock;
    private final App app;
    private final Http http;

    private TestApp(Path dir, MutableClock clock, App app) {
        this.dir = dir;
        this.clock = clock;
        this.app = app;
        this.http = new Http(app.port());
    }

    /** A server with a rate limit high enough not to interfere, and the engine stopped. */
    public static TestApp start() {
        return start(Map.of());
    }

    /** A server with configuration overrides ({@code rate-limit.requests-per-minute}, ...). */
    public static TestApp start(Map<String, String> overrides) {
        try {
            return start(overrides, Files.createTempDirectory("flownurture-test"), MutableClock.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server over the database in {@code dir} (a restart when one ran there before), with the given clock. */
    public static TestApp start(Map<String, String> overrides, Path dir, MutableClock clock) {
        {
            Map<String, String> config = new HashMap<>();
            config.put("server.port", "0");
            config.put("database.path", dir.resolve("test.db").toString());
            config.put("rate-limit.requests-per-minute", "1000000");
            config.put("rate-limit.failed-auth-per-minute", "1000000");
            // API tests run without background work, so a database snapshot only changes by their requests.
            config.put("engine.enabled", "false");
            config.putAll(overrides);
            AppConfig appConfig = ConfigLoader.load(null, config, Map.of());
            return new TestApp(dir, clock, App.start(appConfig, clock));
        }
    }

    /** An organization and a key for it. */
    public record Tenant(String orgId, String key, String keyId) {
    }

    /** A new organization with a key holding every scope. */
    public Tenant tenant() {
        return tenant(Scopes.ALL);
    }

    /** A new organization with a key holding the given scopes. */
    public Tenant tenant(List<String> scopes) {
        Organization org = app.components().orgs().create("Org " + System.nanoTime());
        return key(org.id(), scopes);
    }

    /** Another key for an existing organization. */
    public Tenant key(String orgId, List<String> scopes) {
        ApiKeys.CreatedKey key = app.components().keys().create(orgId, "test key", scopes);
        return new Tenant(orgId, key.secret(), key.key().id());
    }

    public Http http() {
        return http;
    }

    public App app() {
        return app;
    }

    public MutableClock clock() {
        return clock;
    }

    public Path dir() {
        return dir;
    }

    /** The database file. */
    public Path dbFile() {
        return dir.resolve("test.db");
    }

    @Override
    public void close() {
        app.close();
    }
}
