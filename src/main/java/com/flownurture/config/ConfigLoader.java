package com.flownurture.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;

/**
 * Layers configuration: command-line overrides, then environment variables, then the {@code --config} file, then
 * {@code config/application.yaml} (from the working directory, else the copy inside the jar), then code defaults.
 */
public final class ConfigLoader {

    /** Environment variables that override configuration keys, documented in the README. */
    public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("FLOWNURTURE_PORT", "server.port"),
            Map.entry("FLOWNURTURE_HOST", "server.host"),
            Map.entry("FLOWNURTURE_DB", "database.path"),
            Map.entry("FLOWNURTURE_DATABASE_URL", "database.url"),
            Map.entry("FLOWNURTURE_DATABASE_USERNAME", "database.username"),
            Map.entry("FLOWNURTURE_DATABASE_PASSWORD", "database.password"),
            Map.entry("FLOWNURTURE_SCOPES_FILE", "auth.scopes-file"),
            Map.entry("FLOWNURTURE_RATE_LIMIT", "rate-limit.requests-per-minute"),
            Map.entry("FLOWNURTURE_SMTP_HOST", "mail.host"),
            Map.entry("FLOWNURTURE_SMTP_PORT", "mail.port"),
            Map.entry("FLOWNURTURE_SMTP_USERNAME", "mail.username"),
            Map.entry("FLOWNURTURE_SMTP_PASSWORD", "mail.password"),
            Map.entry("FLOWNURTURE_PUBLIC_URL", "mail.public-url"),
            Map.entry("FLOWNURTURE_METRICS_PORT", "metrics.port"),
            Map.entry("FLOWNURTURE_LOG_FORMAT", "logging.format"));

    private ConfigLoader() {
    }

    /**
     * Loads the layered configuration.
     *
     * @param configFile an extra YAML file layered over the defaults, or {@code null}
     * @param overrides  keys set on the command line, highest precedence
     * @param env        the process environment (a parameter so tests can pass their own)
     * @return the configuration
     */
    public static AppConfig load(Path configFile, Map<String, String> overrides, Map<String, String> env) {
        return toAppConfig(layered(configFile, overrides, env));
    }

    /** The raw layered Helidon configuration, for components that read their own section. */
    public static Config layered(Path configFile, Map<String, String> overrides, Map<String, String> env) {
        List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.create(overrides));
        sources.add(ConfigSources.create(fromEnvironment(env)));
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new IllegalArgumentException("config file not found: " + configFile);
            }
            sources.add(ConfigSources.file(configFile));
        }
        Path local = Path.of("config", "application.yaml");
        if (Files.isRegularFile(local)) {
            sources.add(ConfigSources.file(local));
        } else {
            sources.add(ConfigSources.classpath("application.yaml").optional());
        }
        return Config.builder()
                .sources(sources)
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
    }

    private static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new java.util.HashMap<>();
        ENVIRONMENT.forEach((variable, key) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
            }
        });
        return values;
    }

    private static AppConfig toAppConfig(Config c) {
        return new AppConfig(
                new AppConfig.Server(
                        c.get("server.port").asInt().orElse(8080),
                        c.get("server.host").asString().orElse("127.0.0.1"),
                        c.get("server.max-payload-size").asLong().orElse(1024 * 1024L),
                        Duration.ofSeconds(c.get("server.read-timeout-seconds").asInt().orElse(30)),
                        Duration.ofSeconds(positive(c, "server.shutdown-seconds", 20))),
                new AppConfig.Database(
                        Path.of(c.get("database.path").asString().orElse("data/flownurture.db")),
                        c.get("database.pool-size").asInt().orElse(8),
                        c.get("database.busy-timeout-ms").asInt().orElse(5000),
                        postgresUrl(c.get("database.url").asString().orElse("")),
                        c.get("database.username").asString().orElse(""),
                        c.get("database.password").asString().orElse("")),
                new AppConfig.Auth(Path.of(c.get("auth.scopes-file").asString().orElse("config/scopes.yaml"))),
                new AppConfig.RateLimit(
                        positive(c, "rate-limit.requests-per-minute", 60),
                        positive(c, "rate-limit.failed-auth-per-minute", 30)),
                new AppConfig.Mail(
                        c.get("mail.host").asString().orElse(""),
                        c.get("mail.port").asInt().orElse(587),
                        c.get("mail.username").asString().orElse(""),
                        c.get("mail.password").asString().orElse(""),
                        oneOf(c, "mail.security", "STARTTLS", "NONE", "STARTTLS", "TLS"),
                        c.get("mail.from-address").asString().orElse("no-reply@localhost"),
                        c.get("mail.from-name").asString().orElse("FlowNurture"),
                        c.get("mail.rate-per-second").asDouble().orElse(20.0),
                        positive(c, "mail.max-attempts", 8),
                        c.get("mail.public-url").asString().orElse(""),
                        domainLimits(c.get("mail.domain-limits"))),
                new AppConfig.Engine(
                        c.get("engine.enabled").asBoolean().orElse(true),
                        Duration.ofMillis(positive(c, "engine.tick-ms", 200)),
                        positive(c, "engine.batch-size", 500),
                        positive(c, "engine.workers", 8),
                        Duration.ofSeconds(positive(c, "engine.lease-seconds", 60)),
                        Duration.ofSeconds(positive(c, "engine.webhook-timeout-seconds", 10)),
                        positive(c, "engine.webhook-max-attempts", 5)),
                new AppConfig.Suppression(
                        positive(c, "suppression.soft-bounce-limit", 3),
                        Duration.ofDays(positive(c, "suppression.soft-bounce-window-days", 7)),
                        Duration.ofDays(positive(c, "suppression.soft-bounce-days", 7))),
                new AppConfig.Bounces(
                        c.get("bounces.postmark.username").asString().orElse(""),
                        c.get("bounces.postmark.password").asString().orElse(""),
                        c.get("bounces.sendgrid.public-key").asString().orElse(""),
                        c.get("bounces.mailgun.signing-key").asString().orElse(""),
                        c.get("bounces.sns.certificate-host").asString().orElse("sns\\.[a-z0-9-]+\\.amazonaws\\.com"),
                        c.get("bounces.sns.certificate-scheme").asString().orElse("https"),
                        new AppConfig.Mailbox(
                                oneOf(c, "mail.bounces.protocol", "IMAP", "IMAP", "POP3"),
                                c.get("mail.bounces.host").asString().orElse(""),
                                c.get("mail.bounces.port").asInt().orElse(993),
                                c.get("mail.bounces.username").asString().orElse(""),
                                c.get("mail.bounces.password").asString().orElse(""),
                                c.get("mail.bounces.folder").asString().orElse("INBOX"),
                                oneOf(c, "mail.bounces.security", "TLS", "NONE", "TLS"),
                                Duration.ofSeconds(positive(c, "mail.bounces.poll-seconds", 60)))),
                new AppConfig.Webhooks(
                        c.get("webhooks.allow-private-targets").asBoolean().orElse(false),
                        Duration.ofSeconds(positive(c, "webhooks.timeout-seconds", 5)),
                        positive(c, "webhooks.concurrency", 16)),
                new AppConfig.Metrics(
                        c.get("metrics.enabled").asBoolean().orElse(true),
                        c.get("metrics.port").asInt().orElse(-1),
                        c.get("metrics.public").asBoolean().orElse(false)),
                new AppConfig.Logging(oneOf(c, "logging.format", "TEXT", "TEXT", "JSON").equals("JSON")),
                new AppConfig.Tracking(Duration.ofSeconds(positive(c, "tracking.quiet-seconds", 5)),
                        Duration.ofSeconds(positive(c, "tracking.honeypot-window-seconds", 120))));
    }

    /**
     * {@code mail.domain-limits: {gmail.com: 20, outlook.com: 10}}: messages per second per recipient domain. YAML
     * nests a dotted key (gmail, then com), so each leaf's key below the section is the domain; in flat overrides a
     * dot may also be written {@code ~1}, as Helidon escapes it ({@code slow~1test}).
     */
    private static java.util.Map<String, Double> domainLimits(Config limits) {
        String prefix = limits.key().toString() + ".";
        java.util.Map<String, Double> rates = new java.util.HashMap<>();
        limits.traverse().filter(Config::isLeaf).forEach(node -> {
            String domain = node.key().toString().substring(prefix.length()).replace("~1", ".")
                    .toLowerCase(java.util.Locale.ROOT);
            double rate = node.asDouble().orElseThrow(() -> new IllegalArgumentException(
                    "mail.domain-limits." + domain + " must be a number of messages per second"));
            if (rate <= 0) {
                throw new IllegalArgumentException("mail.domain-limits." + domain + " must be above 0");
            }
            rates.put(domain, rate);
        });
        return rates;
    }

    private static String postgresUrl(String url) {
        if (!url.isBlank() && !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("database.url must be jdbc:postgresql://host:port/database");
        }
        return url;
    }

    private static String oneOf(Config c, String key, String fallback, String... allowed) {
        String value = c.get(key).asString().orElse(fallback).toUpperCase(java.util.Locale.ROOT);
        if (!java.util.List.of(allowed).contains(value)) {
            throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    private static int positive(Config c, String key, int fallback) {
        int value = c.get(key).asInt().orElse(fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1");
        }
        return value;
    }
}
