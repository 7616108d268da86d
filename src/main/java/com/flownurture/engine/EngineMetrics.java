package com.flownurture.engine;

/**
 * What the engine and the outbox count: claims and how late they ran, steps by type, messages sent and failed.
 * {@code observe/Meters} implements it. A batch that rolls back and runs again, enrollment by enrollment, is counted
 * twice. Thread-safe.
 */
public interface EngineMetrics {

    /** An enrollment claimed {@code lateMillis} after it was due. */
    void claimed(long lateMillis);

    /** One executed step of a type; {@code failed} when it failed or is to be retried. */
    void step(String type, boolean failed);

    /** Messages delivered (or recorded by the capture outbox). */
    void sent(int count);

    /** Messages failed for good. */
    void sendFailed(int count);
}
