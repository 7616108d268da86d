package com.flownurture.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.Ids;
import com.flownurture.config.AppConfig;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;

/**
 * Opens and clicks as they come in ({@code tracking_events}), each flagged when a machine made it, and each
 * message's first open and click by a person ({@code messages.opened_at}, {@code clicked_at}) kept in step with
 * them in the same transaction ({@link MessageRepository#trackingFirsts}), one message's requests one at a time.
 * Thread-safe.
 */
public final class TrackingRepository {

    private static final int MAX_USER_AGENT = 512;

    private final Database db;
    private final Clock clock;
    private final AppConfig.Tracking config;
    private final SecretBox secrets;
    private final MessageRepository messages;
    private final Statement message;
    private final Statement messageLinks;
    private final Statement messageLock;
    private final Statement insert;
    private final Statement honeypotSince;
    private final Statement flagScanner;

    /**
     * @param secrets  opens the messages' tracking keys, sealed at rest
     * @param messages keeps each message's first open and click in step with its events
     */
    public TrackingRepository(Database db, Clock clock, AppConfig.Tracking config, SecretBox secrets,
                              MessageRepository messages) {
        this.db = db;
        this.clock = clock;
        this.config = config;
        this.secrets = secrets;
        this.messages = messages;
        this.message = db.statement("tracking-message");
        this.messageLinks = db.statement("tracking-message-links");
        this.messageLock = db.statement("tracking-message-lock");
        this.insert = db.statement("tracking-event-insert");
        this.honeypotSince = db.statement("tracking-honeypot-since");
        this.flagScanner = db.statement("tracking-flag-scanner");
    }

    /** Why an open or click is not a person's. */
    public enum Machine {
        /** It came within the quiet window after delivery (or before delivery was recorded). */
        QUIET_WINDOW,
        /** A known mail-proxy prefetcher or link scanner made it ({@link Prefetchers}). */
        PROXY,
        /** The hidden honeypot link was followed, or this click came close to that. */
        HONEYPOT
    }

    /** A tracked message: its organization, its signing key and when it was delivered (null: not yet). */
    public record Tracked(String id, String orgId, String key, Long sentAt) {
    }

    /** Who made a request: the client's address and user agent (either may be null). */
    public record Client(String address, String userAgent) {
    }

    /** The message a tracking URL names, if it exists and has a key. */
    public Optional<Tracked> find(String messageId) {
        return db.one(message, Params.of("id", messageId), r -> new Tracked(r.string("id"), r.string("org_id"),
                        secrets.open(StoredSecret.MESSAGE_TRACKING_KEY, r.string("org_id"), r.string("tracking_key")),
                        r.nullableLong("sent_at")))
                .filter(t -> t.key() != null);
    }

    /**
     * The message's own links ({@link Message#ownLinks()}), the only targets its redirect answers for. Read for a
     * click only: the body it may need is not read for every open.
     */
    public List<String> ownLinks(Tracked m) {
        return db.one(messageLinks, Params.of("id", m.id()), r -> Message.ownLinks(Message.links(r.string("links")),
                        Message.html(r.nullableLong("html"), r.string("body")), r.string("body")))
                .orElse(List.of());
    }

    /** Records an open of the message; returns why it was a machine's, or null for a person. */
    public Machine opened(Tracked m, Client client) {
        return db.write(tx -> {
            lock(tx, m);
            long now = clock.millis();
            Machine machine = machine(m, client, now);
            insert(tx, m, TrackingEvent.OPENED, null, machine, client, now);
            messages.trackingFirsts(tx, m.id());
            return machine;
        });
    }

    /**
     * Records a click on one of the message's links ({@code target}) or on its honeypot link ({@code target} empty);
     * returns why it was a machine's, or null for a person. A honeypot click flags the message's clicks of the
     * honeypot window before it, and the clicks of the window after it are flagged as they come.
     */
    public Machine clicked(Tracked m, String target, Client client) {
        return db.write(tx -> {
            lock(tx, m);
            long now = clock.millis();
            long since = now - config.honeypotWindow().toMillis();
            Machine machine;
            if (target.isEmpty()) {
                machine = Machine.HONEYPOT;
                tx.update(flagScanner, Params.of("message", m.id(), "since", since));
            } else {
                machine = machine(m, client, now);
                if (machine == null && tx.one(honeypotSince, Params.of("message", m.id(), "since", since),
                        r -> r.longValue("total")).orElse(0L) > 0) {
                    machine = Machine.HONEYPOT;
                }
            }
            insert(tx, m, TrackingEvent.CLICKED, target.isEmpty() ? null : target, machine, client, now);
            messages.trackingFirsts(tx, m.id());
            return machine;
        });
    }

    private void lock(Tx tx, Tracked m) {
        tx.lock(messageLock, Params.of("id", m.id()));
    }

    private Machine machine(Tracked m, Client client, long now) {
        if (m.sentAt() == null || now - m.sentAt() < config.quietWindow().toMillis()) {
            return Machine.QUIET_WINDOW;
        }
        return Prefetchers.known(client.address(), client.userAgent()) ? Machine.PROXY : null;
    }

    private void insert(Tx tx, Tracked m, TrackingEvent type, String url, Machine machine, Client client, long now) {
        String agent = client.userAgent();
        tx.update(insert, Params.of("id", Ids.newId(), "org", m.orgId(), "message", m.id(), "type", type.name(),
                "url", url, "machine", machine == null ? null : machine.name(),
                "userAgent", agent == null || agent.length() <= MAX_USER_AGENT ? agent
                        : agent.substring(0, MAX_USER_AGENT),
                "now", now));
    }
}
