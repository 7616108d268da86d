package com.flownurture.bounces;

import java.util.List;
import java.util.Optional;

import com.flownurture.db.Database;
import com.flownurture.messages.MessageRepository;
import com.flownurture.messages.MessageStatus;
import com.flownurture.suppressions.SuppressionReason;
import com.flownurture.suppressions.SuppressionRepository;

/**
 * Records reported bounces and complaints: each is matched to our message by its {@code Message-ID} when the report
 * gives one, kept as a delivery event of that message, applied to the suppression list, and a hard bounce or a
 * complaint marks the message BOUNCED or COMPLAINED (published in the same transaction). Thread-safe.
 */
public final class BounceRecorder {

    private final Database db;
    private final MessageRepository messages;
    private final SuppressionRepository suppressions;

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
        return db.write(tx -> {
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
        });
    }
}
