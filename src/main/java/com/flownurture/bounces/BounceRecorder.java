package com.flownurture.bounces;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

import com.flownurture.db.Database;
import com.flownurture.db.Tx;
import com.flownurture.messages.MessageRepository;
import com.flownurture.messages.MessageStatus;
import com.flownurture.suppressions.SuppressionReason;
import com.flownurture.suppressions.SuppressionRepository;
import io.helidon.dbclient.DbExecute;

/**
 * Records reported bounces and complaints: each is matched to our message by its {@code Message-ID} when the report
 * gives one, kept as a delivery event of that message, applied to the suppression list, and a hard bounce or a
 * complaint marks the message BOUNCED or COMPLAINED (published in the same transaction). A webhook post is
 * remembered in that transaction too, so that a replay of it, even on another instance at the same moment, records
 * nothing: only one transaction can insert its key. Thread-safe.
 */
public final class BounceRecorder {

    /** Remembered posts past their time are deleted at most this often. */
    private static final long EXPIRE_EVERY_MILLIS = 60_000;

    private final Database db;
    private final MessageRepository messages;
    private final SuppressionRepository suppressions;
    private final AtomicLong lastExpired = new AtomicLong();

    public BounceRecorder(Database db, MessageRepository messages, SuppressionRepository suppressions) {
        this.db = db;
        this.messages = messages;
        this.suppressions = suppressions;
    }

    /**
     * Records a report's bounces in one transaction.
     *
     * @param source the provider or mailbox that reported them
     * @return how many were recorded (a bounce naming neither an address nor a known message is skipped)
     */
    public int record(String orgId, String source, List<Bounce> bounces) {
        if (bounces.isEmpty()) {
            return 0;
        }
        return db.write(tx -> record(tx, orgId, source, bounces));
    }

    /**
     * Records a webhook post's bounces unless the post was recorded before.
     *
     * @param now the server's clock, epoch milliseconds (to forget the posts whose window has passed)
     * @return how many were recorded, or empty when the post is a replay of one already recorded
     */
    public OptionalInt recordOnce(String orgId, String source, Report report, long now) {
        expire(now);
        if (report.bounces().isEmpty()) {
            return OptionalInt.of(0);
        }
        return db.write(tx -> {
            if (report.replay() != null && tx.createNamedInsert("bounce-replay-insert")
                    .addParam("key", report.replay().key()).addParam("expires", report.replay().expiresAt())
                    .execute() == 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(record(tx, orgId, source, report.bounces()));
        });
    }

    private int record(Tx tx, String orgId, String source, List<Bounce> bounces) {
        int recorded = 0;
        for (Bounce b : bounces) {
            Optional<MessageRepository.Reported> message = b.messageId() == null ? Optional.empty()
                    : messages.byMessageId(tx, orgId, b.messageId());
            String email = b.email() != null ? b.email() : message.map(MessageRepository.Reported::to).orElse(null);
            if (email == null) {
                continue;
            }
            suppressions.recordBounce(tx, orgId, email, b.type(),
                    message.map(MessageRepository.Reported::id).orElse(null), source, b.detail());
            if (b.type() != SuppressionReason.SOFT_BOUNCE) {
                message.ifPresent(m -> messages.reported(tx, m, b.type() == SuppressionReason.COMPLAINT
                        ? MessageStatus.COMPLAINED : MessageStatus.BOUNCED));
            }
            recorded++;
        }
        return recorded;
    }

    /** Once a minute at most, forgets the posts whose timestamp has left the window (which refuses them itself). */
    private void expire(long now) {
        long last = lastExpired.get();
        if (now - last >= EXPIRE_EVERY_MILLIS && lastExpired.compareAndSet(last, now)) {
            db.write(tx -> tx.createNamedDelete("bounce-replay-expire").addParam("now", now).execute());
        }
    }
}
