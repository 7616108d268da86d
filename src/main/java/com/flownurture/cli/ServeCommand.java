package com.flownurture.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import com.flownurture.app.App;
import com.flownurture.app.Components;
import com.flownurture.config.AppConfig;
import com.flownurture.demo.DemoData;
import com.flownurture.demo.DemoHistory;
import com.flownurture.users.Passwords;
import com.flownurture.users.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code serve}: runs the server until SIGTERM or Ctrl-C, then stops gracefully within server.shutdown-seconds. */
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
        App.configureLogging(config);
        Components components = Components.open(config, Clock.systemUTC());
        Optional<DemoData.Result> demo = Optional.empty();
        App app;
        if (components.orgs().isEmpty()) {
            // Played before the server starts, on components of their own with a clock a month back, so that the
            // server's engine never runs the month being played. Its emails are captured whatever mail.host says:
            // the demo's addresses are made up. A later start opens the database once.
            components.close();
            Map<String, String> captured = new HashMap<>(overrides);
            captured.put("mail.host", "");
            demo = DemoHistory.onFirstStart(common.load(captured), Clock.systemUTC());
            app = App.start(config, Clock.systemUTC());
        } else {
            app = App.start(components);
        }
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and Ctrl-C stop the server gracefully and end serve normally (exit 0); left to the JVM, they would
        // run the shutdown hooks and exit 143. Other ways the JVM ends (SIGHUP, System.exit) still close the app.
        for (String signal : List.of("TERM", "INT")) {
            Signal.handle(new Signal(signal), s -> stop.countDown());
        }
        Thread hook = new Thread(app::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        demo.ifPresent(d -> firstStart(app, config, d));
        System.out.println("FlowNurture Server listening on http://" + config.server().host() + ":" + app.port());
        System.out.println("Dashboard: http://" + config.server().host() + ":" + app.port() + "/");
        System.out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        stopWithin(app, config.server().shutdown());
    }

    /**
     * Closes the app; if that takes longer than the limit (a request or a step that will not end), exits anyway
     * with status 1. The claims of what was left running are then taken over by the next instance to beat.
     */
    private static void stopWithin(App app, Duration limit) {
        System.err.println("Stopping: finishing requests in flight and the steps in hand (at most "
                + limit.toSeconds() + " s)");
        Thread.ofPlatform().daemon().name("shutdown-limit").start(() -> {
            try {
                Thread.sleep(limit);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("Stopping took longer than " + limit.toSeconds() + " s (server.shutdown-seconds); "
                    + "exiting now");
            Runtime.getRuntime().halt(1);
        });
        app.close();
        System.err.println("Stopped");
    }

    /** After the demo organization was made: its key printed and saved (mode 600) beside the database. */
    private static void firstStart(App app, AppConfig config, DemoData.Result demo) {
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
        app.components().users().create(demo.org().id(), DEMO_EMAIL, User.Role.ADMIN, password);
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
