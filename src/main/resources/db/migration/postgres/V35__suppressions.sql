-- PostgreSQL's form of sqlite/V35.
-- The suppression list: addresses an organization does not send to, and why. One entry per address and reason;
-- a SOFT_BOUNCE entry lapses at expires_at. email is stored lower-cased (Locale.ROOT), as contacts.email_lower.
CREATE TABLE suppressions (
    id         TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email      TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    detail     TEXT,
    note       TEXT,
    expires_at BIGINT,
    created_at BIGINT  NOT NULL
);
CREATE UNIQUE INDEX suppressions_address ON suppressions (org_id, email, reason);
CREATE INDEX suppressions_org ON suppressions (org_id, created_at DESC, id DESC);

-- Bounces and complaints as they came in (provider webhooks, the bounce mailbox), matched to a message when the
-- report names its Message-ID; soft bounces are counted here to decide a temporary suppression.
CREATE TABLE delivery_events (
    id         TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    message_id TEXT    REFERENCES messages (id) ON DELETE CASCADE,
    email      TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    detail     TEXT,
    created_at BIGINT  NOT NULL
);
CREATE INDEX delivery_events_address ON delivery_events (org_id, email, type, created_at);
CREATE INDEX delivery_events_message ON delivery_events (message_id, created_at);

-- Why a message was not sent (a suppression reason, or NO_CONSENT) when its status is SUPPRESSED.
ALTER TABLE messages ADD COLUMN suppression_reason TEXT;
