package com.flownurture.bounces;

import com.flownurture.suppressions.SuppressionReason;

/**
 * One bounce or complaint, as a provider or a bounce mailbox reported it.
 *
 * @param type      HARD_BOUNCE, SOFT_BOUNCE or COMPLAINT
 * @param email     the address, or null when only the message is named
 * @param messageId our {@code Message-ID} header ({@code <...>}) when the report gives it, else null
 * @param detail    the raw detail (SMTP diagnostic code, feedback type), or null
 */
public record Bounce(SuppressionReason type, String email, String messageId, String detail) {
}
