package com.flownurture.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.flownurture.common.Cidr;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;

/**
 * Layers configuration: command-line overrides, then environment variables, then the {@code --config} file, then
 * {@code config/application.yaml} in the working directory, then the shipped {@code application.yaml} inside the jar.
 * The shipped file is the only source of defaults: every key is read as required, so a key it lacks is a start-up
 * error, not a default hidden in code. A key no layer may set (a typo, a key that moved) is refused at start-up with
 * {@link InvalidConfigException} naming the nearest known key.
 */
public final class ConfigLoader {

    /** Environment variables that override configuration keys, documented in docs/configuration.md. */
    public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("FLOWNURTURE_PORT", "server.port"),
            Map.entry("FLOWNURTURE_HOST", "server.host"),
            Map.entry("FLOWNURTURE_TRUSTED_PROXIES", "server.trusted-proxies"),
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
            Map.entry("FLOWNURTURE_LOG_FORMAT", "logging.format"),
            Map.entry("FLOWNURTURE_SECRET_KEY", "secrets.key"),
            Map.entry("FLOWNURTURE_SECRET_KEY_FILE", "secrets.key-file"),
            Map.entry("FLOWNURTURE_SECRET_KEY_PREVIOUS", "secrets.previous-keys"));

    /** The shipped file, inside the jar (built from {@code config/application.yaml}). */
    static final String SHIPPED = "application.yaml";

    private ConfigLoader() {
    }

    /**
     * Loads the layered configuration.
     *
     * @param configFile an extra YAML file layered over the defaults, or {@code null}
     * @param overrides  keys set on the command line, highest precedence
     * @param env        the process environment (a parameter so tests can pass their own)
     * @return the configuration
     * @throws InvalidConfigException for an unknown key or a value of the wrong kind
     */
    public static AppConfig load(Path configFile, Map<String, String> overrides, Map<String, String> env) {
        Path local = Path.of("config", "application.yaml");
        return load(ConfigSources.classpath(SHIPPED).build(), Files.isRegularFile(local) ? local : null, configFile,
                overrides, env);
    }

    /**
     * The same over another shipped file and no working-directory copy: tests take keys out of it to show that
     * nothing else supplies them.
     */
    static AppConfig load(ConfigSource shipped, Path local, Path configFile, Map<String, String> overrides,
                          Map<String, String> env) {
        Config defaults = build(List.of(() -> shipped));
        ConfigKeys known = ConfigKeys.of(defaults);
        List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
        sources.add(checked(known, "a command-line flag", ConfigSources.create(overrides).build()));
        sources.add(checked(known, "an environment variable", ConfigSources.create(fromEnvironment(env)).build()));
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new InvalidConfigException("config file not found: " + configFile);
            }
            sources.add(checked(known, configFile.toString(), ConfigSources.file(configFile).build()));
        }
        if (local != null) {
            sources.add(checked(known, local.toString(), ConfigSources.file(local).build()));
        }
        sources.add(() -> shipped);
        return toAppConfig(new Reader(build(sources)));
    }

    private static Config build(List<Supplier<? extends ConfigSource>> sources) {
        return Config.builder()
                .sources(sources)
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
    }

    /** Refuses a layer that sets a key the shipped file does not know. */
    private static Supplier<ConfigSource> checked(ConfigKeys known, String where, ConfigSource source) {
        build(List.of(() -> source)).traverse().filter(Config::isLeaf)
                .forEach(node -> known.requireKnown(node.key().toString(), where));
        return () -> source;
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

    private static AppConfig toAppConfig(Reader c) {
        return new AppConfig(
                new AppConfig.Server(
                        c.integer("server.port"),
                        c.string("server.host"),
                        c.longValue("server.max-payload-size"),
                        Duration.ofSeconds(c.integer("server.read-timeout-seconds")),
                        Duration.ofSeconds(c.positive("server.shutdown-seconds")),
                        trustedProxies(c.string("server.trusted-proxies"))),
                new AppConfig.Database(
                        Path.of(c.string("database.path")),
                        c.integer("database.pool-size"),
                        c.integer("database.busy-timeout-ms"),
                        postgresUrl(c.string("database.url")),
                        c.string("database.username"),
                        c.string("database.password")),
                new AppConfig.Auth(Path.of(c.string("auth.scopes-file"))),
                new AppConfig.RateLimit(
                        c.positive("rate-limit.requests-per-minute"),
                        c.positive("rate-limit.failed-auth-per-minute")),
                new AppConfig.Mail(
                        c.string("mail.host"),
                        c.integer("mail.port"),
                        c.string("mail.username"),
                        c.string("mail.password"),
                        c.oneOf("mail.security", AppConfig.Mail.Security.class),
                        c.string("mail.from-address"),
                        c.string("mail.from-name"),
                        c.decimal("mail.rate-per-second"),
                        c.positive("mail.max-attempts"),
                        c.string("mail.public-url"),
                        domainLimits(c.section("mail.domain-limits"))),
                new AppConfig.Engine(
                        c.bool("engine.enabled"),
                        Duration.ofMillis(c.positive("engine.tick-ms")),
                        c.positive("engine.batch-size"),
                        c.positive("engine.workers"),
                        Duration.ofSeconds(c.positive("engine.lease-seconds")),
                        Duration.ofSeconds(c.positive("engine.webhook-timeout-seconds")),
                        c.positive("engine.webhook-max-attempts")),
                new AppConfig.Suppression(
                        c.positive("bounces.soft-bounce-limit"),
                        Duration.ofDays(c.positive("bounces.soft-bounce-window-days")),
                        Duration.ofDays(c.positive("bounces.soft-bounce-days"))),
                new AppConfig.Bounces(
                        c.string("bounces.postmark.username"),
                        c.string("bounces.postmark.password"),
                        c.string("bounces.sendgrid.public-key"),
                        c.string("bounces.mailgun.signing-key"),
                        c.string("bounces.sns.certificate-host"),
                        c.string("bounces.sns.certificate-scheme"),
                        Duration.ofSeconds(c.positive("bounces.replay-window-seconds")),
                        new AppConfig.Mailbox(
                                c.oneOf("bounces.mailbox.protocol", AppConfig.Mailbox.Protocol.class),
                                c.string("bounces.mailbox.host"),
                                c.integer("bounces.mailbox.port"),
                                c.string("bounces.mailbox.username"),
                                c.string("bounces.mailbox.password"),
                                c.string("bounces.mailbox.folder"),
                                c.oneOf("bounces.mailbox.security", AppConfig.Mailbox.Security.class),
                                Duration.ofSeconds(c.positive("bounces.mailbox.poll-seconds")))),
                new AppConfig.Webhooks(
                        c.bool("webhooks.allow-private-targets"),
                        Duration.ofSeconds(c.positive("webhooks.timeout-seconds")),
                        c.positive("webhooks.concurrency")),
                new AppConfig.Metrics(
                        c.bool("metrics.enabled"),
                        c.integer("metrics.port"),
                        c.bool("metrics.public")),
                new AppConfig.Logging(c.oneOf("logging.format", "TEXT", "JSON").equals("JSON")),
                new AppConfig.Tracking(Duration.ofSeconds(c.positive("tracking.quiet-seconds")),
                        Duration.ofSeconds(c.positive("tracking.honeypot-window-seconds"))),
                new AppConfig.Forms(c.positive("forms.per-client-per-minute"),
                        c.positive("forms.per-form-per-minute"),
                        c.positive("forms.emails-per-address-per-day")),
                new AppConfig.Secrets(
                        c.string("secrets.key"),
                        c.string("secrets.key-file").isBlank() ? null : Path.of(c.string("secrets.key-file")),
                        c.list("secrets.previous-keys")));
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
            double rate = node.asDouble().orElseThrow(() -> new InvalidConfigException(
                    "mail.domain-limits." + domain + " must be a number of messages per second"));
            if (rate <= 0) {
                throw new InvalidConfigException("mail.domain-limits." + domain + " must be above 0");
            }
            rates.put(domain, rate);
        });
        return rates;
    }

    /** {@code server.trusted-proxies}: CIDR blocks separated by commas; empty trusts nobody. */
    private static List<Cidr> trustedProxies(String value) {
        List<Cidr> parsed = new ArrayList<>();
        if (value.isBlank()) {
            return parsed;
        }
        for (String block : value.split(",", -1)) {
            try {
                parsed.add(Cidr.parse(block));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("server.trusted-proxies: " + e.getMessage());
            }
        }
        return parsed;
    }

    private static String postgresUrl(String url) {
        if (!url.isBlank() && !url.startsWith("jdbc:postgresql://")) {
            throw new InvalidConfigException("database.url must be jdbc:postgresql://host:port/database");
        }
        return url;
    }
}
