package com.flownurture.secrets;

/**
 * Each database column that holds a secret the server must read back, sealed by {@link SecretBox}. The column's
 * name goes into each value's associated data with its organization, so a value copied into another column or
 * another organization's row does not open.
 *
 * <p>To seal one more column: a constant here, {@code seal}/{@code open} in the repository that writes and reads
 * it, and the column in its table's {@link SealedTable} (two statements in the owner's file), which re-encrypts it
 * ({@link StoredSecrets#reseal}).
 */
public enum StoredSecret {

    /** The key that signs an organization's WEBHOOK steps. */
    ORGANIZATION_WEBHOOK_SECRET("organizations.webhook_secret"),
    /** The key that verifies an organization's inbound generic bounce webhook. */
    ORGANIZATION_BOUNCE_SECRET("organizations.bounce_secret"),
    /** The key that signs a webhook subscription's deliveries. */
    SUBSCRIPTION_SECRET("webhook_subscriptions.secret"),
    /** The key that signs a message's tracking URLs. */
    MESSAGE_TRACKING_KEY("messages.tracking_key"),
    /**
     * A response kept for an {@code Idempotency-Key} retry, sealed whole: a new webhook subscription's answer holds
     * its secret, and every answer holds the organization's data. Its owner is the API key, not the organization.
     */
    IDEMPOTENT_RESPONSE("idempotency_keys.response");

    private final String column;

    StoredSecret(String column) {
        this.column = column;
    }

    /** {@code table.column}, as the documentation and the rotation's report name it. Never changes: it is sealed in. */
    public String column() {
        return column;
    }
}
