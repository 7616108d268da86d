package com.flownurture.changes;

import com.flownurture.db.Tx;

/**
 * Reacts to a {@link Change} inside the transaction that made it. What it writes through {@code tx} commits or rolls
 * back with the change; it must not do I/O outside the database (webhook calls, email) there: it records the work
 * (an outbox row, an enrollment) for a background sender. A listener that throws fails the whole write.
 */
@FunctionalInterface
public interface ChangeListener {

    /**
     * @param tx     the transaction that made the change
     * @param change what happened
     */
    void onChange(Tx tx, Change change);
}
