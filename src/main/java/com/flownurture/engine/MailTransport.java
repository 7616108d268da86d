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
     * Delivers one email.
     *
     * @throws PermanentFailure for a refusal that retrying will not change
     * @throws Exception        for anything that may pass (connection refused, timeout, 4xx)
     */
    void send(Email email) throws Exception;
}
