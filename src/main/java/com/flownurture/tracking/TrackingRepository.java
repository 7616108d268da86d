package com.flownurture.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.Ids;
import com.flownurture.config.AppConfig;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.messages.Message;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
import io.helidon.dbclient.DbExecute;

/**
 * Opens and clicks as they come in ({@code tracking_events}), each flagged when a machine made it, and each
 * message's first open and click by a person ({@code messages.opened_at}, {@code clicked_at}) kept in step with
 * them in the same transaction, one message's requests one at a time. Thread-safe.
 */
public final class TrackingRepository {

    private static final int MAX_USER_AGENT = 512;

    private final Database db;
    private final Clock clock;
    private final AppConfig.Tracking config;
    private final SecretBox secrets;

    /** @param secrets opens the messages' tracking keys, sealed at rest */
    public TrackingRepository(Database db, Clock clock, AppConfig.Tracking config, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.config = config;
        this.secrets = secrets;
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
        return db.read(exec -> exec.createNamedGet("tracking-message").addParam("id", messageId).execute()
                .map(r -> new Tracked(Rows.string(r, "id"), Rows.string(r, "org_id"),
                        secrets.open(StoredSecret.MESSAGE_TRACKING_KEY, Rows.string(r, "org_id"),
                                Rows.string(r, "tracking_key")),
                        Rows.nullableLong(r, "sent_at")))
                .filter(t -> t.key() != null));
    }

    /**
     * The message's own links ({@link Message#ownLinks()}), the only targets its redirect answers for. Read for a
     * click only: the body it may need is not read for every open.
     */
    public List<String> ownLinks(Tracked m) {
        return db.read(exec -> exec.createNamedGet("tracking-message-links").addParam("id", m.id()).execute()
                .map(r -> Message.ownLinks(Message.links(Rows.string(r, "links")),
                        Message.html(Rows.nullableLong(r, "html"), Rows.string(r, "body")), Rows.string(r, "body")))
                .orElse(List.of()));
    }

    /** Records an open of the message; returns why it was a machine's, or null for a person. */
    public Machine opened(Tracked m, Client client) {
        return db.write(tx -> {
            lock(tx, m);
            long now = clock.millis();
            Machine machine = machine(m, client, now);
            insert(tx, m, "OPENED", null, machine, client, now);
            firsts(tx, m);
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
                tx.createNamedUpdate("tracking-flag-scanner").addParam("message", m.id()).addParam("since", since)
                        .execute();
            } else {
                machine = machine(m, client, now);
                if (machine == null && tx.createNamedGet("tracking-honeypot-since").addParam("message", m.id())
                        .addParam("since", since).execute().map(r -> Rows.longValue(r, "total")).orElse(0L) > 0) {
                    machine = Machine.HONEYPOT;
                }
            }
            insert(tx, m, "CLICKED", target.isEmpty() ? null : target, machine, client, now);
            firsts(tx, m);
            return machine;
        });
    }

    private void lock(DbExecute tx, Tracked m) {
        db.lock(tx, "tracking-message-lock", Map.of("id", m.id()));
    }

    private Machine machine(Tracked m, Client client, long now) {
        if (m.sentAt() == null || now - m.sentAt() < config.quietWindow().toMillis()) {
            return Machine.QUIET_WINDOW;
        }
        return Prefetchers.known(client.address(), client.userAgent()) ? Machine.PROXY : null;
    }

    private static void insert(DbExecute tx, Tracked m, String type, String url, Machine machine, Client client,
                               long now) {
        String agent = client.userAgent();
        tx.createNamedInsert("tracking-event-insert").addParam("id", Ids.newId()).addParam("org", m.orgId())
                .addParam("message", m.id()).addParam("type", type).addParam("url", url)
                .addParam("machine", machine == null ? null : machine.name())
                .addParam("userAgent", agent == null || agent.length() <= MAX_USER_AGENT ? agent
                        : agent.substring(0, MAX_USER_AGENT))
                .addParam("now", now).execute();
    }

    private static void firsts(DbExecute tx, Tracked m) {
        tx.createNamedUpdate("tracking-message-firsts").addParam("id", m.id()).execute();
    }
}
