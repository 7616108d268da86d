package com.flownurture.observe;

import com.flownurture.engine.MailTransport;

/**
 * The SMTP transport, watched for readiness: remembers since when sends have been failing (a connection refused, a
 * timeout, a 4xx), so {@code /health/ready} can report an SMTP relay that has been down for more than a minute. A
 * permanent refusal of one message says nothing about the relay and does not count. Thread-safe.
 */
public final class WatchedTransport implements MailTransport {

    private final MailTransport transport;
    /** {@link System#nanoTime()} of the first failure of the current run of failures; 0 while sends succeed. */
    private volatile long failingSince;

    public WatchedTransport(MailTransport transport) {
        this.transport = transport;
    }

    @Override
    public void send(Email email, Runnable handingOver) throws Exception {
        try {
            transport.send(email, handingOver);
            failingSince = 0;
        } catch (PermanentFailure e) {
            failingSince = 0;
            throw e;
        } catch (Exception e) {
            if (failingSince == 0) {
                failingSince = System.nanoTime();
            }
            throw e;
        }
    }

    /** How long sends have been failing without a success between, in nanoseconds; 0 when the last one worked. */
    public long failingForNanos() {
        long since = failingSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }
}
