package com.flownurture.engine;

/**
 * The embedded default when no SMTP host is configured: delivering is recording, and the outbox row itself
 * (shown by {@code GET /api/v1/messages}) is the captured email.
 */
public final class CaptureTransport implements MailTransport {

    @Override
    public void send(Email email, Runnable handingOver) {
        // The message row already holds everything; marking it SENT is the delivery. The outbox marks captured
        // messages in batches without calling this, so there is no hand-over to record.
    }
}
