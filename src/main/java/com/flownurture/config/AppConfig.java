package com.flownurture.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server reads from configuration, one record per component. The values come from the shipped
 * {@code application.yaml} (the only source of defaults) and the layers over it. Immutable; built once by
 * {@link ConfigLoader}.
 */
public record AppConfig(Server server, Database database, Auth auth, RateLimit rateLimit, Mail mail,
                        Engine engine, Suppression suppression, Bounces bounces, Webhooks webhooks, Metrics metrics,
                        Logging logging, Tracking tracking, Forms forms, Secrets secrets) {

    /**
     * The HTTP listener.
     *
     * @param shutdown       how long a stop may take: in-flight requests and the step in hand finish within it
     * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} names the client (none by default)
     */
    public record Server(int port, String host, long maxPayloadSize, Duration readTimeout, Duration shutdown,
                         java.util.List<com.flownurture.common.Cidr> trustedProxies) {

        public Server {
            trustedProxies = java.util.List.copyOf(trustedProxies);
        }
    }

    /**
     * The database and its connection pool: the SQLite file at {@code path}, or, when {@code url} is set, a
     * PostgreSQL database ({@code jdbc:postgresql://host:5432/db}) that several instances may share.
     */
    public record Database(Path path, int poolSize, int busyTimeoutMs, String url, String username,
                           String password) {

        /** An SQLite file. */
        public Database(Path path, int poolSize, int busyTimeoutMs) {
            this(path, poolSize, busyTimeoutMs, "", "", "");
        }

        /** Whether the database is PostgreSQL rather than the SQLite file. */
        public boolean postgres() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            // Never print the password.
            return "Database[" + (postgres() ? "url=" + url + ", username=" + username : "path=" + path) + "]";
        }
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
     * @param security     how the connection is secured
     * @param publicUrl    the base URL recipients reach this server at (for unsubscribe links)
     * @param domainLimits messages per second per recipient domain (lower-cased), besides the global rate
     */
    public record Mail(String host, int port, String username, String password, Security security,
                       String fromAddress, String fromName, double ratePerSecond, int maxAttempts,
                       String publicUrl, java.util.Map<String, Double> domainLimits) {

        public Mail {
            domainLimits = java.util.Map.copyOf(domainLimits);
        }

        /** {@code mail.security}: plain, upgraded by STARTTLS (required once asked for), or TLS from the start. */
        public enum Security { NONE, STARTTLS, TLS }

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
     * When bounces suppress an address: {@code softBounceLimit} soft bounces within {@code softBounceWindow}
     * suppress it for {@code softBounceDuration}; a hard bounce or a complaint at once, for good.
     */
    public record Suppression(int softBounceLimit, Duration softBounceWindow, Duration softBounceDuration) {
    }

    /**
     * How the bounce webhooks check each provider's signature; a provider left unset refuses every post.
     *
     * @param sendgridPublicKey  SendGrid's Event Webhook verification key (base64 of the DER public key)
     * @param mailgunSigningKey  Mailgun's HTTP webhook signing key
     * @param snsCertificateHost the hosts an SNS signing certificate may come from (a regular expression)
     * @param snsCertificateScheme {@code https}; tests serve their certificate over plain http
     * @param replayWindow       how far a signed post's timestamp may be from the server's clock; accepted posts are
     *                           remembered that long, so a replay within it counts once
     */
    public record Bounces(String postmarkUsername, String postmarkPassword, String sendgridPublicKey,
                          String mailgunSigningKey, String snsCertificateHost, String snsCertificateScheme,
                          Duration replayWindow, Mailbox mailbox) {
        @Override
        public String toString() {
            // Never print the credentials.
            return "Bounces[postmarkUsername=" + postmarkUsername + ", snsCertificateHost=" + snsCertificateHost
                    + ", replayWindow=" + replayWindow + ", mailbox=" + mailbox + "]";
        }
    }

    /**
     * The bounce mailbox of a plain SMTP relay ({@code mail.bounces}), polled for DSNs and ARF complaints; no host
     * means none.
     *
     * @param folder   the IMAP folder to read (POP3 has only INBOX)
     */
    public record Mailbox(Protocol protocol, String host, int port, String username, String password, String folder,
                          Security security, Duration poll) {

        /** {@code bounces.mailbox.protocol}. */
        public enum Protocol { IMAP, POP3 }

        /** {@code bounces.mailbox.security}: plain, or TLS from the start (imaps, pop3s). */
        public enum Security { NONE, TLS }

        /** Whether a mailbox is configured. */
        public boolean configured() {
            return host != null && !host.isBlank();
        }

        @Override
        public String toString() {
            // Never print the password.
            return "Mailbox[" + protocol + " " + username + "@" + host + ":" + port + "/" + folder + "]";
        }
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

    /**
     * The Prometheus endpoint {@code /metrics}.
     *
     * @param port       a port of its own (0 picks a free one), or -1 to serve it beside the API
     * @param openOnApi  whether, beside the API, clients not on this machine may read it ({@code metrics.public})
     */
    public record Metrics(boolean enabled, int port, boolean openOnApi) {

        /** Whether metrics are served on a listener of their own. */
        public boolean ownPort() {
            return port >= 0;
        }
    }

    /**
     * Log output.
     *
     * @param json one JSON object per line instead of text
     */
    public record Logging(boolean json) {
    }

    /**
     * What open and click tracking leaves out of the counts, besides known mail-proxy prefetchers.
     *
     * @param quietWindow    an open or click this soon after delivery is a machine's (a prefetcher or a scanner)
     * @param honeypotWindow clicks on a message this close before or after a click on its hidden honeypot link are
     *                       a scanner's
     */
    public record Tracking(Duration quietWindow, Duration honeypotWindow) {
    }

    /**
     * The public subscription form's limits against abuse (docs/deliverability.md, consent).
     *
     * @param perClientPerMinute     posts one client address may make per minute, to any form, before it gets 429
     * @param perFormPerMinute       posts one form may take per minute, from everyone, before it gets 429
     * @param emailsPerAddressPerDay confirmation emails one mailbox may get from an organization's form a day; more
     *                               posts still get the thank-you page and send nothing
     */
    public record Forms(int perClientPerMinute, int perFormPerMinute, int emailsPerAddressPerDay) {
    }

    /**
     * The key that seals the secrets the database holds (docs/security.md, "Secrets at rest"): {@code key} (base64
     * of 32 bytes) or a {@code keyFile} holding it; with neither, {@code secret.key} beside the SQLite database path,
     * made on first start. {@code previousKeys} only open values sealed before a rotation.
     */
    public record Secrets(String key, Path keyFile, java.util.List<String> previousKeys) {

        public Secrets {
            previousKeys = java.util.List.copyOf(previousKeys);
        }

        @Override
        public String toString() {
            // Never print a key.
            return "Secrets[keyFile=" + keyFile + ", key=" + (key.isBlank() ? "unset" : "set")
                    + ", previousKeys=" + previousKeys.size() + "]";
        }
    }
}
