-- Webhook subscriptions (POST /api/v1/webhooks) and their deliveries outbox. A delivery row is written in the
-- same transaction as the change it tells of; the sender claims due rows with a lease and sends them in order
-- per subscription.

CREATE TABLE webhook_subscriptions (
    id          TEXT PRIMARY KEY,
    org_id      TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url         TEXT    NOT NULL,
    -- The event types sent, as a JSON array of names such as "contact.created".
    events      TEXT    NOT NULL,
    description TEXT,
    -- The HMAC key that signs deliveries. Kept in the clear: signing needs it (as organizations.webhook_secret).
    secret      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_org ON webhook_subscriptions (org_id, created_at DESC, id DESC);

CREATE TABLE webhook_deliveries (
    -- The order of creation, which is the order of sending within a subscription.
    seq             INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    org_id          TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    subscription_id TEXT    NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_type      TEXT    NOT NULL,
    -- The exact body sent, fixed at creation so every attempt and replay sends the same bytes.
    payload         TEXT    NOT NULL,
    -- PENDING, SENDING (claimed until lease_until), DELIVERED, FAILED
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    -- Who claimed it: only that sender's outcome is recorded.
    claim           TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    last_attempt_at INTEGER,
    -- Past this, a delivery still not made is FAILED (24 hours after it was created or replayed).
    expires_at      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER
);
-- The deliveries still to make, in order per subscription: what the sender reads.
CREATE INDEX webhook_deliveries_open ON webhook_deliveries (subscription_id, seq)
    WHERE status IN ('PENDING', 'SENDING');
-- A subscription's deliveries newest first (the rowid seq ends every index entry): GET /webhooks/:id/deliveries.
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id);
