package com.flownurture.messages;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.flownurture.changes.Change;
import com.flownurture.changes.Changes;
import com.flownurture.common.EmailHtml;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.PageRequest;
import com.flownurture.common.Times;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
import com.flownurture.suppressions.SuppressionRepository;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

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
    private final Statement insert;
    private final Statement get;
    private final Statement due;
    private final Statement roundLock;
    private final Statement start;
    private final Statement handingOver;
    private final Statement interrupted;
    private final Statement requeue;
    private final Statement sent;
    private final Statement failed;
    private final Statement suppressed;
    private final Statement retry;
    private final Statement pendingCount;
    private final Statement byToken;
    private final Statement byMessageId;
    private final Statement byMessageIdAny;
    private final Statement reported;
    private final Statement ofOrg;
    private final Statement trackingEvents;
    private final Statement trackingFirsts;
    private final Statement list;
    private final Statement count;

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
        this.insert = db.statement("message-insert");
        this.get = db.statement("message-get");
        this.due = db.statement("message-due");
        this.roundLock = db.statement("message-round-lock");
        this.start = db.statement("message-start");
        this.handingOver = db.statement("message-handing-over");
        this.interrupted = db.statement("message-interrupted");
        this.requeue = db.statement("message-requeue");
        this.sent = db.statement("message-sent");
        this.failed = db.statement("message-failed");
        this.suppressed = db.statement("message-suppressed");
        this.retry = db.statement("message-retry");
        this.pendingCount = db.statement("message-pending-count");
        this.byToken = db.statement("message-by-token");
        this.byMessageId = db.statement("message-by-message-id");
        this.byMessageIdAny = db.statement("message-by-message-id-any");
        this.reported = db.statement("message-reported");
        this.ofOrg = db.statement("message-of-org");
        this.trackingEvents = db.statement("message-tracking-events");
        this.trackingFirsts = db.statement("message-tracking-firsts");
        this.list = db.statement("message-list");
        this.count = db.statement("message-count");
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
    public String queue(Tx tx, Message.New m) {
        String id = Ids.newId();
        String messageId = "<" + id + "@flownurture>";
        tx.update(insert, Params.of("id", id, "org", m.orgId(), "contact", m.contactId(),
                "enrollment", m.enrollmentId(), "step", m.stepId(), "to", m.to(),
                "fromEmail", m.fromEmail(), "fromName", m.fromName(), "replyTo", m.replyTo(),
                "subject", m.subject(), "body", m.body(), "text", m.text(),
                "html", EmailHtml.isHtml(m.template()) ? 1 : 0,
                "links", Json.createArrayBuilder(EmailHtml.ownLinks(m.template(), m.body())).build().toString(),
                "messageId", messageId, "token", randomHex(),
                "trackingKey", secrets.seal(StoredSecret.MESSAGE_TRACKING_KEY, m.orgId(), randomHex()),
                "now", clock.millis()));
        return messageId;
    }

    private String randomHex() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A due message as read, before its address is looked up on the suppression list. */
    private record DueRow(String id, String orgId, String contactId, String to, boolean unsubscribed,
                          boolean noConsent) {
    }

    /** Up to {@code limit} messages due now, oldest first. */
    public List<Due> due(Reads reads, long now, int limit) {
        List<DueRow> rows = reads.list(due, Params.of("now", now, "limit", limit),
                r -> new DueRow(r.string("id"), r.string("org_id"), r.string("contact_id"), r.string("to_email"),
                        r.bool("unsubscribed"), r.bool("no_consent")));
        return rows.stream().map(r -> new Due(r.id(), r.orgId(), r.contactId(), r.unsubscribed() ? "UNSUBSCRIBED"
                : r.noConsent() ? Message.NO_CONSENT : suppressedBy(reads, r.orgId(), r.to()))).toList();
    }

    /**
     * Up to {@code limit} messages due now, for a round that marks them all inside {@code tx}: the round lock comes
     * first, so no other instance's round reads them before this one commits (each would publish their change).
     */
    public List<Due> take(Tx tx, long now, int limit) {
        tx.lock(roundLock, Params.of());
        return due(tx, now, limit);
    }

    /** One message, with why it must not be sent now (its contact's unsubscribe, the suppression list). */
    public Optional<Message> find(String id) {
        return db.read(reads -> find(reads, id));
    }

    /**
     * Claims a message for delivery (PENDING → SENDING) until {@code leaseUntil}; false when another sender won, or
     * when its address was suppressed since it was read (it stays PENDING, and the next look marks it SUPPRESSED).
     * The check and the claim are one transaction, so nothing suppressed before the claim is ever sent.
     */
    public boolean start(String id, long leaseUntil) {
        return db.write(tx -> find(tx, id).filter(m -> m.suppressedBy() == null).isPresent()
                && tx.update(start, Params.of("id", id, "lease", leaseUntil, "instance", instance)) == 1);
    }

    /** Records that messages were not sent because of their {@link Due#suppressedBy()}, inside {@code tx}. */
    public void suppressed(Tx tx, List<Due> messages) {
        messages.stream().collect(Collectors.groupingBy(Due::suppressedBy)).forEach((reason, due) -> {
            tx.update(suppressed, Params.of("ids", ids(due), "reason", reason));
            publish(tx, due, MessageStatus.SUPPRESSED);
        });
    }

    /** Records that one message was not sent because of its {@link Message#suppressedBy()}. */
    public void suppressed(Message m) {
        db.write(tx -> {
            if (tx.update(suppressed, Params.of("ids", ids(List.of(due(m))), "reason", m.suppressedBy())) == 1) {
                publish(tx, List.of(due(m)), MessageStatus.SUPPRESSED);
            }
            return null;
        });
    }

    private Optional<Message> find(Reads reads, String id) {
        return reads.one(get, Params.of("id", id), this::message)
                .map(m -> m.suppressedBy() != null ? m : m.withSuppressedBy(suppressedBy(reads, m.orgId(), m.to())));
    }

    private String suppressedBy(Reads reads, String orgId, String email) {
        return suppressions.active(reads, orgId, email).map(Enum::name).orElse(null);
    }

    /** Marks messages delivered, inside the caller's transaction. */
    public void sent(Tx tx, List<Due> messages) {
        if (!messages.isEmpty()) {
            tx.update(sent, Params.of("ids", ids(messages), "now", clock.millis()));
            publish(tx, messages, MessageStatus.SENT);
        }
    }

    /** Records a permanent failure of messages, inside the caller's transaction. */
    public void failed(Tx tx, List<Due> messages, String error) {
        if (!messages.isEmpty()) {
            tx.update(failed, Params.of("ids", ids(messages), "error", error));
            publish(tx, messages, MessageStatus.FAILED);
        }
    }

    /**
     * Marks one message delivered; false (and nothing published) when it was not SENDING any more: another instance
     * took this one for dead meanwhile and failed it as uncertain.
     */
    public boolean sent(Message m) {
        return db.write(tx -> {
            boolean marked = tx.update(sent, Params.of("ids", ids(List.of(due(m))), "now", clock.millis())) == 1;
            if (marked) {
                publish(tx, List.of(due(m)), MessageStatus.SENT);
            }
            return marked;
        });
    }

    /** Records a permanent failure of one message; false (and nothing published) when it was marked already. */
    public boolean failed(Message m, String error) {
        return db.write(tx -> {
            boolean marked = tx.update(failed, Params.of("ids", ids(List.of(due(m))), "error", error)) == 1;
            if (marked) {
                publish(tx, List.of(due(m)), MessageStatus.FAILED);
            }
            return marked;
        });
    }

    /** Puts a message back for another attempt at {@code next}, while this instance's claim on it holds. */
    public void retry(Message m, String error, long next) {
        db.write(tx -> tx.update(retry, Params.of("id", m.id(), "error", error, "next", next, "instance", instance)));
    }

    /**
     * Records, committed, that a message is about to be handed over to SMTP (the final "." of DATA comes next).
     *
     * @throws IllegalStateException when this instance's claim on it is gone (another instance took it for dead):
     *                               the hand-over must not happen
     */
    public void handingOver(String id) {
        if (db.write(tx -> tx.update(handingOver, Params.of("id", id, "now", clock.millis(), "instance", instance)))
                != 1) {
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
            tx.lock(roundLock, Params.of());
            List<Due> uncertain = new ArrayList<>();
            List<Interrupted> found = tx.list(interrupted, Params.of("now", now), r -> new Interrupted(
                    new Due(r.string("id"), r.string("org_id"), r.string("contact_id"), null),
                    r.nullableLong("handed_over_at") != null));
            for (Interrupted i : found) {
                if (i.handedOver()) {
                    uncertain.add(i.message());
                } else {
                    tx.update(requeue, Params.of("id", i.message().id(), "now", now,
                            "error", INTERRUPTED_BEFORE_HAND_OVER));
                }
            }
            failed(tx, uncertain, UNCERTAIN);
            return null;
        });
    }

    /** A message left SENDING by a sender that died, and whether it had begun to hand it over. */
    private record Interrupted(Due message, boolean handedOver) {
    }

    /** How many messages wait for delivery (metrics). */
    public long pendingCount() {
        return db.one(pendingCount, Params.of(), r -> r.longValue("total")).orElseThrow();
    }

    /**
     * Sets a message's first open and first click by a person from its tracking events, inside the transaction
     * that recorded one ({@code tracking/TrackingRepository}).
     */
    public void trackingFirsts(Tx tx, String messageId) {
        tx.update(trackingFirsts, Params.of("id", messageId));
    }

    /** Whose an unsubscribe token is: the contact's organization, id and address, and whether it unsubscribed. */
    public record Recipient(String orgId, String contactId, String email, boolean unsubscribed) {
    }

    /** The recipient an unsubscribe token belongs to. */
    public Optional<Recipient> byToken(String token) {
        return db.one(byToken, Params.of("token", token), r -> new Recipient(r.string("org_id"),
                r.string("contact_id"), r.string("email"), r.nullableLong("unsubscribed_at") != null));
    }

    /** A message that a bounce or complaint report names, and the address it went to. */
    public record Reported(String id, String orgId, String contactId, String to) {

        private static Reported of(Row r) {
            return new Reported(r.string("id"), r.string("org_id"), r.string("contact_id"), r.string("to_email"));
        }
    }

    /** The organization's message with this {@code Message-ID} header ({@code <...>}), if there is one. */
    public Optional<Reported> byMessageId(Reads reads, String orgId, String messageIdHeader) {
        return reads.one(byMessageId, Params.of("org", orgId, "messageId", messageIdHeader), Reported::of);
    }

    /** The message with this {@code Message-ID} header in any organization (the bounce mailbox is shared). */
    public Optional<Reported> byMessageId(String messageIdHeader) {
        return db.one(byMessageIdAny, Params.of("messageId", messageIdHeader), Reported::of);
    }

    /**
     * Marks a sent message BOUNCED or COMPLAINED inside {@code tx}, and publishes it (webhook subscriptions see
     * {@code message.bounced} or {@code message.complained}); a message that was never sent is left as it is.
     */
    public void reported(Tx tx, Reported m, MessageStatus status) {
        if (tx.update(reported, Params.of("id", m.id(), "status", status.name())) == 1) {
            publish(tx, List.of(new Due(m.id(), m.orgId(), m.contactId(), null)), status);
        }
    }

    /**
     * One of an organization's messages with its delivery events (bounces, complaints) and its tracking events
     * (opens, clicks), as the API shows it.
     */
    public Optional<JsonObject> detail(String orgId, String id) {
        return db.read(reads -> reads.one(ofOrg, Params.of("org", orgId, "id", id), this::message).map(m -> {
            JsonObjectBuilder json = Json.createObjectBuilder();
            m.toJson().forEach(json::add);
            return json.add("events", suppressions.events(reads, m.id()))
                    .add("trackingEvents", trackingEvents(reads, m.id())).build();
        }));
    }

    /** A message's opens and clicks, oldest first: {@code [{type, url, machine, userAgent, createdAt}]}. */
    private JsonArray trackingEvents(Reads reads, String messageId) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        reads.list(trackingEvents, Params.of("message", messageId), r -> {
            JsonObjectBuilder event = Json.createObjectBuilder().add("type", r.string("type"));
            Message.nullable(event, "url", r.string("url"));
            Message.nullable(event, "machine", r.string("machine"));
            Message.nullable(event, "userAgent", r.string("user_agent"));
            return event.add("createdAt", Times.format(r.longValue("created_at"))).build();
        }).forEach(events::add);
        return events.build();
    }

    /** A page of an organization's messages, newest first; each filter may be null. */
    public Page list(String orgId, String contactId, MessageStatus status, PageRequest paging) {
        String statusName = status == null ? null : status.name();
        return db.read(reads -> {
            List<Message> page = reads.list(list, Params.of("org", orgId, "contact", contactId,
                    "status", statusName, "limit", paging.limit(), "offset", paging.offset()), this::message);
            long total = reads.one(count, Params.of("org", orgId, "contact", contactId, "status", statusName),
                    r -> r.longValue("total")).orElse(0L);
            return new Page(page, total);
        });
    }

    private void publish(Tx tx, List<Due> messages, MessageStatus status) {
        for (Due m : messages) {
            changes.publish(tx, new Change.MessageChanged(m.orgId(), m.contactId(), m.id(), status.name(),
                    () -> tx.one(get, Params.of("id", m.id()), this::message).map(Message::toJson).orElseThrow()));
        }
    }

    private Message message(Row row) {
        return Message.of(row, secrets);
    }

    private static Due due(Message m) {
        return new Due(m.id(), m.orgId(), m.contactId(), m.suppressedBy());
    }

    private static String ids(List<Due> messages) {
        return JsonOutput.text(Json.createArrayBuilder(messages.stream().map(Due::id).toList()).build());
    }
}
