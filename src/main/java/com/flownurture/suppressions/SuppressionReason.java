package com.flownurture.suppressions;

import java.util.Arrays;
import java.util.List;

/** Why an address is on the suppression list. */
public enum SuppressionReason {
    /** The receiving server refused the address for good. */
    HARD_BOUNCE,
    /** Repeated temporary failures; the entry lapses at its {@code expiresAt}. */
    SOFT_BOUNCE,
    /** The recipient reported an email as spam. */
    COMPLAINT,
    /** The recipient unsubscribed (link, one-click header, API or dashboard); deleting the entry re-subscribes. */
    UNSUBSCRIBED,
    /** Added by a user. */
    MANUAL;

    /** The names, as the API spells them. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
