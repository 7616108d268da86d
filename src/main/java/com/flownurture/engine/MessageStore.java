package com.flownurture.engine;

import java.util.List;
import java.util.Optional;

import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository.Due;
import io.helidon.dbclient.DbExecute;

/**
 * What the engine needs of the outbox: SEND_EMAIL steps queue messages, the sender claims, delivers and marks
 * them. Implemented over {@code messages/MessageRepository} in {@code app/App}; thread-safe.
 */
public interface MessageStore {

    /** Queues a message inside the step's transaction; returns its {@code Message-ID}. */
    String queue(DbExecute tx, Message.New message);

    /** Up to {@code limit} messages due now, oldest first. */
    List<Due> due(DbExecute exec, long now, int limit);

    /**
     * Up to {@code limit} messages due now, for a round that marks them all in {@code tx}: no other instance's round
     * takes them before this transaction ends.
     */
    List<Due> take(DbExecute tx, long now, int limit);

    /** One message, with why it must not be sent now ({@link Message#suppressedBy()}). */
    Optional<Message> find(String id);

    /**
     * Claims a message for delivery until {@code leaseUntil}; false when another sender won it or its address was
     * suppressed since it was read.
     */
    boolean start(String id, long leaseUntil);

    /** Marks messages delivered inside the caller's transaction. */
    void sent(DbExecute tx, List<Due> messages);

    /** Records a permanent failure inside the caller's transaction. */
    void failed(DbExecute tx, List<Due> messages, String error);

    /** Records, inside the caller's transaction, that messages were not sent because they are suppressed. */
    void suppressed(DbExecute tx, List<Due> messages);

    /** Records that one message was not sent because it is suppressed. */
    void suppressed(Message message);

    /** Marks one message delivered, unless another instance failed it as uncertain meanwhile. */
    void sent(Message message);

    /** Records a permanent failure of one message, unless it was marked already. */
    void failed(Message message, String error);

    /** Puts a message back for another attempt at {@code next}, unless another instance took it for dead. */
    void retry(Message message, String error, long next);

    /**
     * Records, committed, that a claimed message is about to be handed over to SMTP (the final "." of DATA).
     *
     * @throws IllegalStateException when the claim is gone (another instance took it for dead)
     */
    void handingOver(String id);

    /**
     * Recovers the messages a crashed sender left SENDING: one not yet handed over is due again at once, one handed
     * over is failed as uncertain. None is ever sent twice.
     */
    void failInterrupted(long now);
}
