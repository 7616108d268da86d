package com.flownurture.webhooks;

/**
 * Where a webhook delivery stands: PENDING (due at its next attempt) → SENDING (claimed by a sender under a lease)
 * → DELIVERED, or back to PENDING after a failed attempt, or FAILED once it expired. Stored and shown by its name;
 * the statements in {@code webhooks.sql} spell the same names.
 */
public enum DeliveryStatus {
    PENDING, SENDING, DELIVERED, FAILED
}
