package com.flownurture.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server reads from configuration, one record per component, with the defaults in code.
 * Immutable; built once by {@link ConfigLoader}.
 */
public record AppConfig(Server server, Database database, Auth auth, RateLimit rateLimit) {

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
}
