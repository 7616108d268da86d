package com.flownurture.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code serve} in a separate JVM, for tests and benchmarks that kill or stop it. */
public final class ServerProcess {

    private ServerProcess() {
    }

    /** The command that runs the server's main class from the test classpath. */
    public static List<String> onClasspath() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "com.flownurture.Main");
    }

    /** Starts {@code serve --port 0 --db DB [args...]} from the test classpath; its stderr is discarded. */
    public static Process start(Path db, String... args) throws IOException {
        return start(onClasspath(), db.toString(), ProcessBuilder.Redirect.DISCARD, args);
    }

    /**
     * Starts {@code serve --port 0 --db DB [args...]} with the given command (the test classpath, or a built jar),
     * on an SQLite file or a JDBC URL, its stderr (the server's log) going where {@code log} says.
     */
    public static Process start(List<String> java, String db, ProcessBuilder.Redirect log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("serve", "--port", "0", "--db", db));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(log).start();
    }

    /**
     * Reads the server's output up to its "listening on URL" line; returns the URL and the lines before it. The rest
     * of its output is read and dropped from then on, so a server that prints more never blocks on a full pipe.
     */
    public static String[] awaitUrl(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder printed = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            printed.append(line).append('\n');
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                Thread.ofVirtual().start(() -> drain(out));
                return new String[] {line.substring(at + "listening on ".length()).strip(), printed.toString()};
            }
        }
        throw new IllegalStateException("the server did not start: " + printed);
    }

    private static void drain(BufferedReader out) {
        try (out) {
            while (out.readLine() != null) {
                // dropped
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
