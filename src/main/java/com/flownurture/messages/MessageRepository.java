package com.flownurture.messages;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.flownurture.changes.Change;
import com.flownurture.changes.Changes;
import com.flownurture.common.EmailHtml;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.PageRequest;
import com.flownurture.common.Times;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
import com.flownurture.suppressions.SuppressionRepository;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The outbox ({@code messages}): queued by SEND_EMAIL steps, delivered by the sender, listed by the API. Each message
 * that reaches SENT or FAILED is published, in the transaction that marks it. Thread-safe.
 */
public final class MessageRepository {

    /** The error of a message sent again because its sender died before handing it over. */
    public static final String INTERRUPTED_BEFORE_HAND_OVER =
            "Delivery interrupted by a crash before the hand-over to SMTP; sent again";
    /** The error of a message failed because its sender died after handing it over, before it was marked SENT. */
    public static final String UNCERTAIN =
            "Delivery uncertain: interrupted by a crash after the hand-over to SMTP; not retried, so the contact never "
            + "receives it twice";

    private final Database db;
    private final Clock clock;
    private final Changes changes;
    private final SuppressionRepository suppressions;
    private final SecureRandom random = new SecureRandom();
    private final String instance;
    private final SecretBox secrets;

    /**
     * @param instance the id of this server instance, which its claims carry ({@code instances/Instances})
     * @param secrets  seals each message's tracking key at rest
     */
    public MessageRepository(Database db, Clock clock, Changes changes, SuppressionRepository suppressions,
                             String instance, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.changes = changes;
        this.suppressions = suppressions;
        this.instance = instance;
        this.secrets = secrets;
    }

    /**
     * A due message.
     *
     * @param suppressedBy why it must not be sent now (its contact unsubscribed since it was queued, its address is
     *                     suppressed), or null when it may go
     */
    public record Due(String id, String orgId, String contactId, String suppressedBy) {
    }

    /** A page of messages and the total. */
    public record Page(List<Message> messages, long total) {
    }

    /**
     * Queues a message inside the caller's transaction, with a stable {@code Message-ID}, an unsubscribe token and
     * a key for its tracking URLs, each of 192 random bits. Whether it is HTML and which links are its own are read
     * from its template, never from its rendered body, where a contact's value could add a tag or a link.
     *
     * @return the {@code Message-ID}
     */
    public String queue(DbExecute tx, Message.New m) {
        String id = Ids.newId();
        String messageId = "<" + id + "@flownurture>";
        tx.createNamedInsert("message-insert")
                .addParam("id", id).addParam("org", m.orgId()).addParam("contact", m.contactId())
                .addParam("enrollment", m.enrollmentId()).addParam("step", m.stepId()).addParam("to", m.to())
                .addParam("fromEmail", m.fromEmail()).addParam("fromName", m.fromName())
                .addParam("replyTo", m.replyTo()).addParam("subject", m.subject()).addParam("body", m.body())
                .addParam("text", m.text()).addParam("html", EmailHtml.isHtml(m.template()) ? 1 : 0)
                .addParam("links", Json.createArrayBuilder(EmailHtml.ownLinks(m.template(), m.body())).build()
                        .toString())
                .addParam("messageId", messageId).addParam("token", randomHex())
                .addParam("trackingKey", secrets.seal(StoredSecret.MESSAGE_TRACKING_KEY, m.orgId(), randomHex()))
                .addParam("now", clock.millis())
                .execute();
        return messageId;
    }

    private String randomHex() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Up to {@code limit} messages due now, oldest first. */
    public List<Due> due(DbExecute exec, long now, int limit) {
        try (Stream<DbRow> rows = exec.createNamedQuery("message-due").addParam("now", now).addParam("limit", limit)
                .execute()) {
            return rows.toList().stream().map(r -> new Due(Rows.string(r, "id"), Rows.string(r, "org_id"),
                    Rows.string(r, "contact_id"), Rows.longValue(r, "unsubscribed") == 1 ? "UNSUBSCRIBED"
                    : Rows.longValue(r, "no_consent") == 1 ? Message.NO_CONSENT
                    : suppressedBy(exec, Rows.string(r, "org_id"), Rows.string(r, "to_email")))).toList();
        }
    }

    /**
     * Up to {@code limit} messages due now, for a round that marks them all inside {@code tx}: the round lock comes
     * first, so no other instance's round reads them before this one commits (each would publish their change).
     */
    public List<Due> take(DbExecute tx, long now, int limit) {
        db.lock(tx, "message-round-lock", Map.of());
        return due(tx, now, limit);
    }

    /** One message, with why it must not be sent now (its contact's unsubscribe, the suppression list). */
    public Optional<Message> find(String id) {
        return db.read(exec -> find(exec, id));
    }

    /**
     * Claims a message for delivery (PENDING → SENDING) until {@code leaseUntil}; false when another sender won, or
     * when its address was suppressed since it was read (it stays PENDING, and the next look marks it SUPPRESSED).
     * The check and the claim are one transaction, so nothing suppressed before the claim is ever sent.
     */
    public boolean start(String id, long leaseUntil) {
        return db.write(tx -> find(tx, id).filter(m -> m.suppressedBy() == null).isPresent()
                && tx.createNamedUpdate("message-start").addParam("id", id).addParam("lease", leaseUntil)
                .addParam("instance", instance).execute() == 1);
    }

    /** Records that messages were not sent because of their {@link Due#suppressedBy()}, inside {@code tx}. */
    public void suppressed(Tx tx, List<Due> messages) {
        messages.stream().collect(java.util.stream.Collectors.groupingBy(Due::suppressedBy)).forEach((reason, due) -> {
            tx.createNamedUpdate("message-suppressed").addParam("ids", ids(due)).addParam("reason", reason)
                    .execute();
            publish(tx, due, MessageStatus.SUPPRESSED);
        });
    }

    /** Records that one message was not sent because of its {@link Message#suppressedBy()}. */
    public void suppressed(Message m) {
        db.write(tx -> {
            if (tx.createNamedUpdate("message-suppressed").addParam("ids", ids(List.of(due(m))))
                    .addParam("reason", m.suppressedBy()).execute() == 1) {
                publish(tx, List.of(due(m)), MessageStatus.SUPPRESSED);
            }
            return null;
        });
    }

    private Optional<Message> find(DbExecute exec, String id) {
        return exec.createNamedGet("message-get").addParam("id", id).execute().map(this::message)
                .map(m -> m.suppressedBy() != null ? m : m.withSuppressedBy(suppressedBy(exec, m.orgId(), m.to())));
    }

    private String suppressedBy(DbExecute exec, String orgId, String email) {
        return suppressions.active(exec, orgId, email).map(Enum::name).orElse(null);
    }

    /** Marks messages delivered, inside the caller's transaction. */
    public void sent(Tx tx, List<Due> messages) {
        if (!messages.isEmpty()) {
            tx.createNamedUpdate("message-sent").addParam("ids", ids(messages)).addParam("now", clock.millis())
                    .execute();
            publish(tx, messages, MessageStatus.SENT);
        }
    }

    /** Records a permanent failure of messages, inside the caller's transaction. */
    public void failed(Tx tx, List<Due> messages, String error) {
        if (!messages.isEmpty()) {
            tx.createNamedUpdate("message-failed").addParam("ids", ids(messages)).addParam("error", error).execute();
            publish(tx, messages, MessageStatus.FAILED);
        }
    }

    /**
     * Marks one message delivered; false (and nothing published) when it was not SENDING any more: another instance
     * took this one for dead meanwhile and failed it as uncertain.
     */
    public boolean sent(Message m) {
        return db.write(tx -> {
            boolean marked = tx.createNamedUpdate("message-sent").addParam("ids", ids(List.of(due(m))))
                    .addParam("now", clock.millis()).execute() == 1;
            if (marked) {
                publish(tx, List.of(due(m)), MessageStatus.SENT);
            }
            return marked;
        });
    }

    /** Records a permanent failure of one message; false (and nothing published) when it was marked already. */
    public boolean failed(Message m, String error) {
        return db.write(tx -> {
            boolean marked = tx.createNamedUpdate("message-failed").addParam("ids", ids(List.of(due(m))))
                    .addParam("error", error).execute() == 1;
            if (marked) {
                publish(tx, List.of(due(m)), MessageStatus.FAILED);
            }
            return marked;
        });
    }

    /** Puts a message back for another attempt at {@code next}, while this instance's claim on it holds. */
    public void retry(Message m, String error, long next) {
        db.write(tx -> tx.createNamedUpdate("message-retry").addParam("id", m.id()).addParam("error", error)
                .addParam("next", next).addParam("instance", instance).execute());
    }

    /**
     * Records, committed, that a message is about to be handed over to SMTP (the final "." of DATA comes next).
     *
     * @throws IllegalStateException when this instance's claim on it is gone (another instance took it for dead):
     *                               the hand-over must not happen
     */
    public void handingOver(String id) {
        if (db.write(tx -> tx.createNamedUpdate("message-handing-over").addParam("id", id)
                .addParam("now", clock.millis()).addParam("instance", instance).execute()) != 1) {
            throw new IllegalStateException("Message " + id + " is no longer claimed by this instance");
        }
    }

    /**
     * Recovers the messages whose sender died mid-delivery (lease run out, or instance gone). One it had not begun to
     * hand over was never accepted by an SMTP server: it is due again at once, with the same Message-ID (the attempt
     * counts). One it had may have been delivered: it is failed as uncertain, never sent twice.
     */
    public void failInterrupted(long now) {
        db.write(tx -> {
            db.lock(tx, "message-round-lock", Map.of());
            List<Due> uncertain = new java.util.ArrayList<>();
            try (Stream<DbRow> rows = tx.createNamedQuery("message-interrupted").addParam("now", now).execute()) {
                for (DbRow r : rows.toList()) {
                    Due m = new Due(Rows.string(r, "id"), Rows.string(r, "org_id"), Rows.string(r, "contact_id"),
                            null);
                    if (Rows.nullableLong(r, "handed_over_at") != null) {
                        uncertain.add(m);
                    } else {
                        tx.createNamedUpdate("message-requeue").addParam("id", m.id()).addParam("now", now)
                                .addParam("error", INTERRUPTED_BEFORE_HAND_OVER).execute();
                    }
                }
            }
            failed(tx, uncertain, UNCERTAIN);
            return null;
        });
    }

    /** How many messages wait for delivery (metrics). */
    public long pendingCount() {
        return db.query("message-pending-count", java.util.Map.of(), r -> Rows.longValue(r, "total")).getFirst();
    }

    /** Whose an unsubscribe token is: the contact's organization, id and address, and whether it unsubscribed. */
    public record Recipient(String orgId, String contactId, String email, boolean unsubscribed) {
    }

    /** The recipient an unsubscribe token belongs to. */
    public Optional<Recipient> byToken(DbExecute exec, String token) {
        return exec.createNamedGet("message-by-token").addParam("token", token).execute()
                .map(r -> new Recipient(Rows.string(r, "org_id"), Rows.string(r, "contact_id"),
                        Rows.string(r, "email"), Rows.nullableLong(r, "unsubscribed_at") != null));
    }

    /** A message that a bounce or complaint report names, and the address it went to. */
    public record Reported(String id, String orgId, String contactId, String to) {
    }

    /** The organization's message with this {@code Message-ID} header ({@code <...>}), if there is one. */
    public Optional<Reported> byMessageId(DbExecute exec, String orgId, String messageIdHeader) {
        return exec.createNamedGet("message-by-message-id").addParam("org", orgId)
                .addParam("messageId", messageIdHeader).execute()
                .map(r -> new Reported(Rows.string(r, "id"), Rows.string(r, "org_id"), Rows.string(r, "contact_id"),
                        Rows.string(r, "to_email")));
    }

    /** The message with this {@code Message-ID} header in any organization (the bounce mailbox is shared). */
    public Optional<Reported> byMessageId(String messageIdHeader) {
        return db.read(exec -> exec.createNamedGet("message-by-message-id-any").addParam("messageId", messageIdHeader)
                .execute().map(r -> new Reported(Rows.string(r, "id"), Rows.string(r, "org_id"),
                        Rows.string(r, "contact_id"), Rows.string(r, "to_email"))));
    }

    /**
     * Marks a sent message BOUNCED or COMPLAINED inside {@code tx}, and publishes it (webhook subscriptions see
     * {@code message.bounced} or {@code message.complained}); a message that was never sent is left as it is.
     */
    public void reported(Tx tx, Reported m, MessageStatus status) {
        long changed = tx.createNamedUpdate("message-reported").addParam("id", m.id())
                .addParam("status", status.name()).execute();
        if (changed == 1) {
            publish(tx, List.of(new Due(m.id(), m.orgId(), m.contactId(), null)), status);
        }
    }

    /**
     * One of an organization's messages with its delivery events (bounces, complaints) and its tracking events
     * (opens, clicks), as the API shows it.
     */
    public Optional<jakarta.json.JsonObject> detail(String orgId, String id) {
        return db.read(exec -> exec.createNamedGet("message-of-org").addParam("org", orgId).addParam("id", id)
                .execute().map(this::message).map(m -> {
                    jakarta.json.JsonObjectBuilder json = Json.createObjectBuilder();
                    m.toJson().forEach(json::add);
                    return json.add("events", suppressions.events(exec, m.id()))
                            .add("trackingEvents", trackingEvents(exec, m.id())).build();
                }));
    }

    /** A message's opens and clicks, oldest first: {@code [{type, url, machine, userAgent, createdAt}]}. */
    private static jakarta.json.JsonArray trackingEvents(DbExecute exec, String messageId) {
        jakarta.json.JsonArrayBuilder events = Json.createArrayBuilder();
        try (Stream<DbRow> rows = exec.createNamedQuery("message-tracking-events").addParam("message", messageId)
                .execute()) {
            rows.forEach(r -> {
                jakarta.json.JsonObjectBuilder event = Json.createObjectBuilder().add("type", Rows.string(r, "type"));
                Message.nullable(event, "url", Rows.string(r, "url"));
                Message.nullable(event, "machine", Rows.string(r, "machine"));
                Message.nullable(event, "userAgent", Rows.string(r, "user_agent"));
                events.add(event.add("createdAt", Times.format(Rows.longValue(r, "created_at"))));
            });
        }
        return events.build();
    }

    /** A page of an organization's messages, newest first; each filter may be null. */
    public Page list(String orgId, String contactId, MessageStatus status, PageRequest paging) {
        String statusName = status == null ? null : status.name();
        return db.read(exec -> {
            try (Stream<DbRow> rows = exec.createNamedQuery("message-list").addParam("org", orgId)
                    .addParam("contact", contactId).addParam("status", statusName)
                    .addParam("limit", paging.limit()).addParam("offset", paging.offset()).execute()) {
                List<Message> page = rows.map(this::message).toList();
                long total = exec.createNamedGet("message-count").addParam("org", orgId)
                        .addParam("contact", contactId).addParam("status", statusName).execute()
                        .map(r -> Rows.longValue(r, "total")).orElse(0L);
                return new Page(page, total);
            }
        });
    }

    private void publish(Tx tx, List<Due> messages, MessageStatus status) {
        for (Due m : messages) {
            changes.publish(tx, new Change.MessageChanged(m.orgId(), m.contactId(), m.id(), status.name(),
                    () -> tx.createNamedGet("message-get").addParam("id", m.id()).execute()
                            .map(r -> message(r).toJson()).orElseThrow()));
        }
    }

    private Message message(DbRow row) {
        return Message.of(row, secrets);
    }

    private static Due due(Message m) {
        return new Due(m.id(), m.orgId(), m.contactId(), m.suppressedBy());
    }

    private static String ids(List<Due> messages) {
        return JsonOutput.text(Json.createArrayBuilder(messages.stream().map(Due::id).toList()).build());
    }
}
