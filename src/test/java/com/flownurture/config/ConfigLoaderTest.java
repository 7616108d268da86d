package com.flownurture.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void trustedProxiesComeAsACommaSeparatedStringOrAYamlList() throws Exception {
        assertEquals(List.of(), ConfigLoader.load(null, Map.of(), Map.of()).server().trustedProxies(),
                "nobody is trusted unless configured");
        Path file = dir.resolve("proxies.yaml");
        Files.writeString(file, "server:\n  trusted-proxies:\n    - 10.0.0.0/8\n    - \"::1\"\n");
        assertEquals(List.of("10.0.0.0/8", "::1"), blocks(ConfigLoader.load(file, Map.of(), Map.of())));
        Files.writeString(file, "server: {trusted-proxies: []}\n");
        assertEquals(List.of(), blocks(ConfigLoader.load(file, Map.of(), Map.of())));
        assertEquals(List.of("127.0.0.1/32", "fd00::/8"), blocks(ConfigLoader.load(null,
                Map.of("server.trusted-proxies", "127.0.0.1/32, fd00::/8"), Map.of())));
        Files.writeString(file, "server:\n  trusted-proxies:\n    - 10.0.0.0/8\n    - \"::1\"\n");
        assertEquals(List.of("192.168.0.0/16"), blocks(ConfigLoader.load(file, Map.of(),
                Map.of("FLOWNURTURE_TRUSTED_PROXIES", "192.168.0.0/16"))), "the environment beats the file's list");
        Files.writeString(file, "server: {trusted-proxies: []}\n");
        Path file2 = dir.resolve("proxies2.yaml");
        Files.writeString(file2, "server:\n  trusted-proxies:\n    - 10.0.0.0/8\n    - \"::1\"\n");
        assertEquals(List.of("10.0.0.0/8", "::1"), blocks(ConfigLoader.load(file2, Map.of(), Map.of())),
                "a --config list beats the shipped empty string");
        assertEquals(List.of("192.168.0.0/16"), blocks(ConfigLoader.load(file, Map.of(),
                Map.of("FLOWNURTURE_TRUSTED_PROXIES", "192.168.0.0/16"))));
        assertEquals(List.of("fd00::/8"), blocks(ConfigLoader.load(null, Map.of(),
                Map.of("FLOWNURTURE_TRUSTED_PROXIES", "fd00::/8"))), "the environment beats the shipped empty string");
        assertEquals(List.of(), blocks(ConfigLoader.load(null, Map.of("server.trusted-proxies", ""), Map.of())));
    }

    @Test
    void aMalformedTrustedProxyStopsStartUp() throws Exception {
        for (String bad : List.of("10.0.0.0/33", "proxy.internal", "10.0.0.1/8", "10.0.0.0/8,", "::/129")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigLoader.load(null, Map.of("server.trusted-proxies", bad), Map.of()), bad);
            assertTrue(e.getMessage().startsWith("server.trusted-proxies: "), e.getMessage());
        }
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "server:\n  trusted-proxies:\n    - 10.0.0.0/8\n    - 300.0.0.0/8\n");
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
    }

    private static List<String> blocks(AppConfig config) {
        return config.server().trustedProxies().stream().map(Object::toString).toList();
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, Map.of("rate-limit.requests-per-minute", "0"), Map.of()));
    }
}
