package com.flownurture.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server reads from configuration, one record per component, with the defaults in code.
 * Immutable; built once by {@link ConfigLoader}.
 */
public record AppConfig(Server server, Database database, Auth auth, RateLimit rateLimit, Mail mail,
                        Engine engine, Webhooks webhooks) {

    /** The HTTP listener. */
    public record Server(int port, String host, long maxPayloadSize, Duration readTimeout) {
    }

    /** The SQLite file and its connection pool. */
    public record Database(Path path, int poolSize, int busyTimeoutMs) {
    }

    /** Where the scope-to-route rules live. */
    public record Auth(Path scopesFile) {
    }

    /** Per-key request budget, and the budget of failed authentications per client address. */
    public record RateLimit(int requestsPerMinute, int failedAuthPerMinute) {
    }

    /**
     * Outgoing email. With no host, emails go to the capture outbox in the database.
     *
     * @param security  NONE, STARTTLS or TLS
     * @param publicUrl the base URL recipients reach this server at (for unsubscribe links)
     */
    public record Mail(String host, int port, String username, String password, String security,
                       String fromAddress, String fromName, double ratePerSecond, int maxAttempts,
                       String publicUrl) {

        /** Whether emails go to a real SMTP server. */
        public boolean smtp() {
            return host != null && !host.isBlank();
        }

        @Override
        public String toString() {
            // Never print the password.
            return "Mail[host=" + host + ", port=" + port + ", username=" + username + ", security=" + security + "]";
        }
    }

    /** The workflow engine's pace and bounds. */
    public record Engine(boolean enabled, Duration tick, int batchSize, int workers, Duration lease,
                         Duration webhookTimeout, int webhookMaxAttempts) {
    }

    /**
     * Webhook subscriptions and the calls the server makes to key holders' URLs (subscriptions, the WEBHOOK step).
     *
     * @param allowPrivateTargets whether loopback, private and link-local targets are allowed (refused by default)
     * @param timeout             how long a receiver has to connect and to answer each read
     * @param concurrency         how many subscriptions are sent to at once
     */
    public record Webhooks(boolean allowPrivateTargets, Duration timeout, int concurrency) {
    }
}
