package com.flownurture.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code serve} in a separate JVM on the test classpath, for tests that kill or stop it. */
public final class ServerProcess {

    private ServerProcess() {
    }

    /** Starts {@code serve --port 0 --db DB [args...]}; its stderr is discarded. */
    public static Process start(Path db, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "com.flownurture.Main", "serve", "--port", "0", "--db", db.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the server's output up to its "listening on URL" line; returns the URL and the lines before it. */
    public static String[] awaitUrl(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder printed = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            printed.append(line).append('\n');
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                return new String[] {line.substring(at + "listening on ".length()).strip(), printed.toString()};
            }
        }
        throw new IllegalStateException("the server did not start: " + printed);
    }
}
