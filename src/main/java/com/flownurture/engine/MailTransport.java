package com.flownurture.engine;

/** Where the outbox delivers: an SMTP relay, or the capture outbox inside the database. */
public interface MailTransport {

    /**
     * An email ready to go.
     *
     * @param text the plain-text part for an HTML body, or null to generate it from the HTML
     */
    record Email(String messageId, String to, String fromEmail, String fromName, String replyTo, String subject,
                 String body, String text, boolean html, String unsubscribeUrl) {
    }

    /** A failure the next attempt cannot fix (the server refused the recipient or the message). */
    final class PermanentFailure extends Exception {
        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Delivers one email. {@code handingOver} runs right before the point after which the email may have been
     * delivered (SMTP: the final "." of DATA); if it throws, the email is not delivered and the exception ends the
     * send.
     *
     * @throws PermanentFailure for a refusal that retrying will not change, or a failure after the hand-over (the
     *                          email may have arrived, so it must not be sent again)
     * @throws Exception        for anything that may pass (connection refused, timeout, 4xx)
     */
    void send(Email email, Runnable handingOver) throws Exception;
}
