package com.flownurture.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.flownurture.app.App;
import com.flownurture.config.AppConfig;
import com.flownurture.demo.DemoData;
import com.flownurture.users.Passwords;
import com.flownurture.users.User;
import com.flownurture.users.UserRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", description = "Run the server.", mixinStandardHelpOptions = true)
final class ServeCommand implements Runnable {

    /** The demo organization's admin user. */
    static final String DEMO_EMAIL = "demo@example.com";

    @Mixin
    CommonOptions common;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 picks a free one (default 8080)")
    Integer port;

    @Override
    public void run() {
        Map<String, String> overrides = new HashMap<>();
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new com.flownurture.common.InvalidInputException("--port must be 0 to 65535");
            }
            overrides.put("server.port", port.toString());
        }
        AppConfig config = common.load(overrides);
        App app = App.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        if (app.components().orgs().isEmpty()) {
            firstStart(app, config);
        }
        System.out.println("FlowNurture Server listening on http://" + config.server().host() + ":" + app.port());
        System.out.println("Dashboard: http://" + config.server().host() + ":" + app.port() + "/");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On an empty database: a demo organization, its key printed and saved (mode 600) beside the database. */
    private static void firstStart(App app, AppConfig config) {
        DemoData.Result demo = DemoData.create(app.components());
        Path keyFile = config.database().path().toAbsolutePath().getParent().resolve("demo-api-key.txt");
        writeSecret(keyFile, demo.apiKey() + "\n");
        System.out.println();
        System.out.println("  First start: created the demo organization \"" + demo.org().name() + "\".");
        System.out.println("  Demo API key (all scopes), shown once and saved to " + keyFile + ":");
        System.out.println();
        System.out.println("      " + demo.apiKey());
        System.out.println();
        demoLogin(app, demo, keyFile.resolveSibling("demo-login.txt"));
        System.out.println("  Try: curl -H \"Authorization: Bearer $(cat " + keyFile + ")\" "
                + "http://" + config.server().host() + ":" + app.port() + "/api/v1/contacts?limit=3");
        System.out.println();
    }

    /** The demo organization's admin, whose random password is printed once and saved (mode 600). */
    private static void demoLogin(App app, DemoData.Result demo, Path loginFile) {
        String password = Passwords.random();
        new UserRepository(app.components().db(), app.components().clock())
                .create(demo.org().id(), DEMO_EMAIL, User.Role.ADMIN, password);
        writeSecret(loginFile, "email: " + DEMO_EMAIL + "\npassword: " + password + "\n");
        System.out.println("  Dashboard sign-in, shown once and saved to " + loginFile + ":");
        System.out.println();
        System.out.println("      email:    " + DEMO_EMAIL);
        System.out.println("      password: " + password);
        System.out.println();
    }

    private static void writeSecret(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("Could not save " + file + ": " + e.getMessage());
        }
    }
}
