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
import com.flownurture.config.ConfigLoader;
import com.flownurture.orgs.Organization;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real server on a random port over a fresh SQLite file (or a fresh PostgreSQL database: {@link TestDatabases}),
 * started through the production wiring, with a controllable clock. Tests create tenants (an organization and a
 * key) through the same repositories the CLI uses.
 *
 * <p>Started directly ({@link #start()}), or once for a whole test class as a JUnit extension:
 * {@code @RegisterExtension static final TestApp server = TestApp.perClass();} starts it before the class's first
 * test (and its {@code @BeforeAll} methods) and stops it after the last.
 */
public final class TestApp implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** A started server's parts. */
    private record Running(Path dir, MutableClock clock, App app, Http http) {
    }

    private final Map<String, String> overrides;
    private final Smtp smtp;
    private Running running;

    private TestApp(Map<String, String> overrides, Smtp smtp) {
        this.overrides = overrides;
        this.smtp = smtp;
    }

    /** A server with a rate limit high enough not to interfere, and the engine stopped. */
    public static TestApp start() {
        return start(Map.of());
    }

    /** A server with configuration overrides ({@code rate-limit.requests-per-minute}, ...). */
    public static TestApp start(Map<String, String> overrides) {
        return start(overrides, tempDir(), MutableClock.now());
    }

    /** A server over the database in {@code dir} (a restart when one ran there before), with the given clock. */
    public static TestApp start(Map<String, String> overrides, Path dir, MutableClock clock) {
        TestApp server = new TestApp(overrides, null);
        server.running = launch(overrides, dir, clock);
        return server;
    }

    /** A server for a whole test class, started and stopped by JUnit (register it as an extension). */
    public static TestApp perClass() {
        return perClass(Map.of());
    }

    /** As {@link #perClass()}, with configuration overrides. */
    public static TestApp perClass(Map<String, String> overrides) {
        return new TestApp(overrides, null);
    }

    /** A server for a whole test class that sends its email through {@code smtp}, started before it, stopped after. */
    public static TestApp perClass(Smtp smtp) {
        return perClass(smtp, Map.of());
    }

    /** As {@link #perClass(Smtp)}, with configuration overrides. */
    public static TestApp perClass(Smtp smtp, Map<String, String> overrides) {
        return new TestApp(overrides, smtp);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> config = overrides;
        if (smtp != null) {
            smtp.start();
            config = smtp.serverConfig(overrides);
        }
        running = launch(config, tempDir(), MutableClock.now());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static Running launch(Map<String, String> overrides, Path dir, MutableClock clock) {
        Map<String, String> config = new HashMap<>();
        config.put("server.port", "0");
        config.put("database.path", dir.resolve("test.db").toString());
        if (TestDatabases.postgres()) {
            config.put("database.url", TestDatabases.urlFor(dir));
            config.put("database.pool-size", "4");
        }
        config.put("rate-limit.requests-per-minute", "1000000");
        config.put("rate-limit.failed-auth-per-minute", "1000000");
        config.put("forms.per-client-per-minute", "1000000");
        config.put("forms.per-form-per-minute", "1000000");
        // API tests run without background work, so a database snapshot only changes by their requests.
        config.put("engine.enabled", "false");
        // Tests run webhook receivers on 127.0.0.1; the refusal of private targets is tested with this off.
        config.put("webhooks.allow-private-targets", "true");
        config.putAll(overrides);
        App app = App.start(ConfigLoader.load(null, config, Map.of()), clock);
        return new Running(dir, clock, app, new Http(app.port()));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("flownurture-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Running running() {
        if (running == null) {
            throw new IllegalStateException("the server is not started: register it with @RegisterExtension");
        }
        return running;
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
        Organization org = app().components().orgs().create("Org " + System.nanoTime());
        return key(org.id(), scopes);
    }

    /** Another key for an existing organization. */
    public Tenant key(String orgId, List<String> scopes) {
        ApiKeys.CreatedKey key = app().components().keys().create(orgId, "test key", scopes);
        return new Tenant(orgId, key.secret(), key.key().id());
    }

    /** The server's base URL, {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + app().port();
    }

    /** A dashboard user of an organization, with its password. */
    public record Login(String userId, String orgId, String email, String password) {
    }

    /** A new dashboard user of the organization. */
    public Login user(String orgId, com.flownurture.users.User.Role role) {
        String email = "user" + System.nanoTime() + "@example.com";
        String password = "correct horse battery " + System.nanoTime();
        com.flownurture.users.User user = new com.flownurture.users.UserRepository(app().components().db(), clock())
                .create(orgId, email, role, password);
        return new Login(user.id(), orgId, email, password);
    }

    public Http http() {
        return running().http();
    }

    /** The API as this key sees it. */
    public Api api(String key) {
        return http().api(key);
    }

    /** The API as the tenant's key sees it. */
    public Api api(Tenant tenant) {
        return api(tenant.key());
    }

    /** The dashboard without a session. */
    public DashboardClient dashboard() {
        return new DashboardClient(http(), null);
    }

    /** The dashboard without a session, behind a proxy that forwards for {@code clientAddress}. */
    public DashboardClient dashboard(String clientAddress) {
        return new DashboardClient(http(), clientAddress);
    }

    /** The dashboard signed in as the user. */
    public DashboardClient dashboard(Login login) {
        return dashboard().signedIn(login);
    }

    public App app() {
        return running().app();
    }

    public MutableClock clock() {
        return running().clock();
    }

    public Path dir() {
        return running().dir();
    }

    /**
     * The SQLite file. A test that reads it is about SQLite: on the PostgreSQL pass there is none, and asking for it
     * fails rather than let the test read an empty file (use {@link #jdbcUrl()} or {@code DbSnapshot.of(server)}).
     */
    public Path dbFile() {
        if (TestDatabases.postgres()) {
            throw new IllegalStateException("no SQLite file on the PostgreSQL pass: use jdbcUrl()");
        }
        return dir().resolve("test.db");
    }

    /** The CLI's {@code --db} for this server's database: the SQLite file, or the PostgreSQL URL. */
    public String dbArgument() {
        return TestDatabases.postgres() ? TestDatabases.urlFor(dir()) : dbFile().toString();
    }

    /**
     * A {@code --config} file for CLI commands run against this server's database: the secret key it generated
     * beside its database path. With {@code --db} alone, a command on the PostgreSQL pass would look for the key
     * beside the CLI's own default path and refuse the database.
     */
    public String cliConfig() {
        Path file = dir().resolve("cli.yaml");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "secrets: {key-file: \"" + dir().resolve("secret.key") + "\"}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }

    /** The JDBC URL of this server's database, whichever the backend. */
    public String jdbcUrl() {
        return TestDatabases.postgres() ? TestDatabases.urlFor(dir()) : "jdbc:sqlite:" + dbFile();
    }

    @Override
    public void close() {
        running().app().close();
    }
}
