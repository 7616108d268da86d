package com.flownurture.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsComeFromTheShippedFile() {
        AppConfig config = ConfigLoader.load(null, Map.of(), Map.of());
        assertEquals(8080, config.server().port());
        assertEquals(Path.of("data/flownurture.db"), config.database().path());
        assertEquals(60, config.rateLimit().requestsPerMinute());
        assertEquals(1024 * 1024, config.server().maxPayloadSize());
    }

    @Test
    void aConfigFileChangesOnlyWhatItSays() throws Exception {
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, "rate-limit: {requests-per-minute: 100000}\n");
        AppConfig config = ConfigLoader.load(file, Map.of(), Map.of());
        assertEquals(100000, config.rateLimit().requestsPerMinute());
        assertEquals(8080, config.server().port());
        assertEquals(Path.of("data/flownurture.db"), config.database().path());
    }

    @Test
    void domainLimitsKeepTheirDottedDomainNames() throws Exception {
        Path file = dir.resolve("limits.yaml");
        Files.writeString(file, "mail: {domain-limits: {gmail.com: 20, Outlook.com: 2.5}}\n");
        assertEquals(Map.of("gmail.com", 20.0, "outlook.com", 2.5),
                ConfigLoader.load(file, Map.of(), Map.of()).mail().domainLimits());
        assertEquals(Map.of(), ConfigLoader.load(null, Map.of(), Map.of()).mail().domainLimits());
    }

    @Test
    void theSecretKeysComeFromTheEnvironmentOrAFileAndThePreviousOnesAsAListOrCommaSeparated() throws Exception {
        AppConfig.Secrets none = ConfigLoader.load(null, Map.of(), Map.of()).secrets();
        assertEquals(new AppConfig.Secrets("", null, java.util.List.of()), none);
        AppConfig.Secrets fromEnv = ConfigLoader.load(null, Map.of(), Map.of("FLOWNURTURE_SECRET_KEY", "new",
                "FLOWNURTURE_SECRET_KEY_PREVIOUS", "old1, old2", "FLOWNURTURE_SECRET_KEY_FILE", "/etc/key")).secrets();
        assertEquals(new AppConfig.Secrets("new", Path.of("/etc/key"), java.util.List.of("old1", "old2")), fromEnv);
        Path file = dir.resolve("secrets.yaml");
        Files.writeString(file, "secrets: {key: new, previous-keys: [old1, old2]}\n");
        assertEquals(java.util.List.of("old1", "old2"),
                ConfigLoader.load(file, Map.of(), Map.of()).secrets().previousKeys());
        assertEquals(false, fromEnv.toString().contains("new") || fromEnv.toString().contains("old1"),
                "a key is never printed: " + fromEnv);
    }

    @Test
    void environmentBeatsTheFileAndFlagsBeatTheEnvironment() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server: {port: 9000}\nrate-limit: {requests-per-minute: 10}\n");
        Map<String, String> env = Map.of("FLOWNURTURE_PORT", "9100", "FLOWNURTURE_RATE_LIMIT", "20",
                "FLOWNURTURE_DB", "/tmp/env.db");
        AppConfig fromEnv = ConfigLoader.load(file, Map.of(), env);
        assertEquals(9100, fromEnv.server().port());
        assertEquals(20, fromEnv.rateLimit().requestsPerMinute());
        assertEquals(Path.of("/tmp/env.db"), fromEnv.database().path());
        AppConfig fromFlags = ConfigLoader.load(file, Map.of("server.port", "9200"), env);
        assertEquals(9200, fromFlags.server().port());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, Map.of("rate-limit.requests-per-minute", "0"), Map.of()));
    }
}
