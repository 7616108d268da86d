package com.flownurture.messages;

/**
 * An outbox message's status: PENDING → SENDING → SENT, or FAILED with the reason, or SUPPRESSED (not sent: the
 * address is on the suppression list, or the contact has not consented) with its reason. A SENT message becomes
 * BOUNCED or COMPLAINED when a bounce or complaint report names it.
 */
public enum MessageStatus {
    PENDING, SENDING, SENT, FAILED, SUPPRESSED, BOUNCED, COMPLAINED;

    /** The names, as the API spells them. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(Enum::name).toList();
    }
}
