package com.flownurture.messages;

/** An outbox message's status: PENDING → SENDING → SENT, or FAILED with the reason. */
public enum MessageStatus {
    PENDING, SENDING, SENT, FAILED;

    /** The names, as the API spells them. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(Enum::name).toList();
    }
}
