package com.flownurture.secrets;

/**
 * Each database column that holds a secret the server must read back, sealed by {@link SecretBox}. The column's
 * name goes into each value's associated data with its organization, so a value copied into another column or
 * another organization's row does not open. {@code page} and {@code set} name the statements of
 * {@code sql/secrets.sql} that re-encrypt the column ({@link StoredSecrets#reseal}).
 *
 * <p>To seal one more column: a constant here, its two statements in {@code sql/secrets.sql}, and
 * {@code seal}/{@code open} in the repository that writes and reads it.
 */
public enum StoredSecret {

    /** The key that signs an organization's WEBHOOK steps. */
    ORGANIZATION_WEBHOOK_SECRET("organizations.webhook_secret", "secrets-organizations-page",
            "secrets-organizations-set"),
    /** The key that verifies an organization's inbound generic bounce webhook. */
    ORGANIZATION_BOUNCE_SECRET("organizations.bounce_secret", "secrets-bounce-page", "secrets-bounce-set"),
    /** The key that signs a webhook subscription's deliveries. */
    SUBSCRIPTION_SECRET("webhook_subscriptions.secret", "secrets-subscriptions-page", "secrets-subscriptions-set"),
    /** The key that signs a message's tracking URLs. */
    MESSAGE_TRACKING_KEY("messages.tracking_key", "secrets-messages-page", "secrets-messages-set");

    private final String column;
    private final String page;
    private final String set;

    StoredSecret(String column, String page, String set) {
        this.column = column;
        this.page = page;
        this.set = set;
    }

    /** {@code table.column}, as the documentation and the rotation's report name it. Never changes: it is sealed in. */
    public String column() {
        return column;
    }

    String page() {
        return page;
    }

    String set() {
        return set;
    }
}
