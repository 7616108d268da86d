package com.flownurture.config;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.flownurture.cli.Cli;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheShippedFileAndEveryKeyOfItIsRequiredSoNoDefaultHidesInCode() {
        Map<String, String> shipped = shippedLeaves();
        assertTrue(shipped.size() > 50, "the shipped file's keys: " + shipped.keySet());
        AppConfig fromTheFile = ConfigLoader.load(ConfigSources.create(shipped).build(), null, null, Map.of(),
                Map.of());
        assertEquals(8080, fromTheFile.server().port(), "the whole file loads");
        assertEquals(fromTheFile, ConfigLoader.load(ConfigSources.classpath(ConfigLoader.SHIPPED).build(), null, null,
                Map.of(), Map.of()), "the jar's defaults, with no config/ directory at hand, are the file's");
        assertEquals(fromTheFile, ConfigLoader.load(null, Map.of(), Map.of()), "what the server runs with when "
                + "nothing is set");
        for (String key : shipped.keySet()) {
            Map<String, String> without = new TreeMap<>(shipped);
            without.remove(key);
            InvalidConfigException missing = assertThrows(InvalidConfigException.class,
                    () -> ConfigLoader.load(ConfigSources.create(without).build(), null, null, Map.of(), Map.of()),
                    key + " has a default in code");
            assertTrue(missing.getMessage().contains(key), missing.getMessage());
        }
    }

    @Test
    void everyKeyOfTheShippedFileHasAComment() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("config/application.yaml"));
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (isKey(lines.get(i)) && !documented(lines, i)) {
                undocumented.add(lines.get(i).strip());
            }
        }
        assertEquals(List.of(), undocumented, "keys with no comment above them or their group");
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheNearestKnownOne() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "mail: {max-attempt: 5}\n");
        InvalidConfigException typo = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(file, Map.of(), Map.of()));
        assertEquals("unknown configuration key mail.max-attempt (in " + file + "); did you mean mail.max-attempts?",
                typo.getMessage());
        InvalidConfigException flag = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("engine.tick", "5"), Map.of()));
        assertTrue(flag.getMessage().startsWith("unknown configuration key engine.tick (in a command-line flag)"),
                flag.getMessage());
        assertTrue(flag.getMessage().endsWith("did you mean engine.tick-ms?"), flag.getMessage());
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(null, Map.of("mail.max-rat", "5"),
                Map.of()));
    }

    @Test
    void aKeyThatMovedSaysWhereItLivesNow() {
        InvalidConfigException moved = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("mail.bounces.host", "imap.example.com"), Map.of()));
        assertEquals("configuration key mail.bounces.host (in a command-line flag) has moved to bounces.mailbox.host",
                moved.getMessage());
    }

    @Test
    void openSectionsTakeAnyKeyBelowThem() {
        assertEquals(Map.of("slow.test", 2.0), ConfigLoader.load(null, Map.of("mail.domain-limits.slow~1test", "2"),
                Map.of()).mail().domainLimits());
    }

    @Test
    void theServerRefusesAnUnknownKeyWithExitTwoAndOneLine() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "mail:\n  max-rat: 5\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("serve", "--port", "0", "--config", file.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("Error: unknown configuration key mail.max-rat"), err.toString());
    }

    private static Map<String, String> shippedLeaves() {
        Config shipped = Config.builder().sources(ConfigSources.file(Path.of("config/application.yaml")))
                .disableEnvironmentVariablesSource().disableSystemPropertiesSource().build();
        Map<String, String> leaves = new TreeMap<>();
        shipped.traverse().forEach(node -> {
            if (node.isLeaf()) {
                leaves.put(node.key().toString(), node.asString().get());
            } else if (node.asNodeList().map(List::isEmpty).orElse(false)) {
                leaves.put(node.key().toString(), ""); // an empty list or section: a key of its own all the same
            }
        });
        return leaves;
    }

    private static boolean isKey(String line) {
        return line.matches("\\s*[a-z][a-z0-9-]*:.*");
    }

    /** A key is documented by a comment right above it, or above the run of keys it belongs to, or its section's. */
    private static boolean documented(List<String> lines, int index) {
        int indent = indent(lines.get(index));
        for (int i = index - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.strip().startsWith("#")) {
                return true;
            }
            if (line.isBlank()) {
                return false;
            }
            if (isKey(line) && indent(line) < indent) {
                return documented(lines, i); // the section it is in
            }
        }
        return false;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
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
    void modesAreReadCaseInsensitivelyAndAnUnknownOneListsTheChoices() {
        AppConfig config = ConfigLoader.load(null, Map.of("mail.security", "starttls",
                "bounces.mailbox.protocol", "pop3", "bounces.mailbox.security", "Tls"), Map.of());
        assertEquals(AppConfig.Mail.Security.STARTTLS, config.mail().security());
        assertEquals(AppConfig.Mailbox.Protocol.POP3, config.bounces().mailbox().protocol());
        assertEquals(AppConfig.Mailbox.Security.TLS, config.bounces().mailbox().security());
        InvalidConfigException ssl = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("mail.security", "SSL"), Map.of()));
        assertEquals("mail.security must be one of NONE, STARTTLS, TLS", ssl.getMessage());
        InvalidConfigException starttls = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("bounces.mailbox.security", "STARTTLS"), Map.of()));
        assertEquals("bounces.mailbox.security must be one of NONE, TLS", starttls.getMessage());
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
    void trustedProxiesAreACommaSeparatedString() throws Exception {
        assertEquals(List.of(), ConfigLoader.load(null, Map.of(), Map.of()).server().trustedProxies(),
                "nobody is trusted unless configured");
        assertEquals(List.of("127.0.0.1/32", "fd00::/8"), blocks(ConfigLoader.load(null,
                Map.of("server.trusted-proxies", "127.0.0.1/32, fd00::/8"), Map.of())));
        Path file = dir.resolve("proxies.yaml");
        Files.writeString(file, "server: {trusted-proxies: \"10.0.0.0/8, ::1\"}\n");
        assertEquals(List.of("10.0.0.0/8", "::1"), blocks(ConfigLoader.load(file, Map.of(), Map.of())));
        assertEquals(List.of("192.168.0.0/16"), blocks(ConfigLoader.load(file, Map.of(),
                Map.of("FLOWNURTURE_TRUSTED_PROXIES", "192.168.0.0/16"))), "the environment beats the file");
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
        Files.writeString(file, "server: {trusted-proxies: \"10.0.0.0/8, 300.0.0.0/8\"}\n");
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
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
