-- PostgreSQL's form of sqlite/V2: claims on due enrollments, and the email outbox.
ALTER TABLE enrollments ADD COLUMN claimed_until BIGINT;
ALTER TABLE enrollments ADD COLUMN claim_token TEXT;
CREATE INDEX enrollments_org_due ON enrollments (org_id, next_run_at) WHERE status = 'ACTIVE';
CREATE INDEX enrollments_claim ON enrollments (claim_token) WHERE claim_token IS NOT NULL;

CREATE TABLE messages (
    id                TEXT PRIMARY KEY,
    org_id            TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_id        TEXT   NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    enrollment_id     TEXT,
    step_id           TEXT,
    to_email          TEXT   NOT NULL,
    from_email        TEXT,
    from_name         TEXT,
    reply_to          TEXT,
    subject           TEXT   NOT NULL,
    body              TEXT   NOT NULL,
    message_id        TEXT   NOT NULL UNIQUE,
    unsubscribe_token TEXT   NOT NULL UNIQUE,
    status            TEXT   NOT NULL,
    attempts          BIGINT NOT NULL DEFAULT 0,
    next_attempt_at   BIGINT,
    claimed_until     BIGINT,
    sent_at           BIGINT,
    error             TEXT,
    created_at        BIGINT NOT NULL
);
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX messages_sending ON messages (claimed_until) WHERE status = 'SENDING';
CREATE INDEX messages_org ON messages (org_id, created_at DESC, id DESC);
CREATE INDEX messages_contact ON messages (contact_id);
CREATE UNIQUE INDEX messages_once ON messages (enrollment_id, step_id) WHERE enrollment_id IS NOT NULL;
