package com.flownurture.changes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.flownurture.db.Tx;

/**
 * Where repositories publish the {@link Change}s they make, and listeners (triggers, webhook subscriptions) hear
 * them, in the same transaction. Listeners subscribe while the application is wired, before the first request.
 *
 * <p>Thread-safe: publishing reads a copy-on-write list, so a write with no listener costs one empty loop.
 */
public final class Changes {

    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; listeners hear changes in the order they subscribed. */
    public void subscribe(ChangeListener listener) {
        listeners.add(listener);
    }

    /** Tells every listener, inside the transaction {@code tx} that made the change. */
    public void publish(Tx tx, Change change) {
        for (ChangeListener listener : listeners) {
            listener.onChange(tx, change);
        }
    }
}
