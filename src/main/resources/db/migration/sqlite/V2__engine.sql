-- The engine: claims on due enrollments, and the email outbox.

-- A worker owns an enrollment while claim_token is its token and claimed_until is in the future; an expired claim
-- (a crashed worker or process) is taken over. Every advance is guarded by the token.
ALTER TABLE enrollments ADD COLUMN claimed_until INTEGER;
ALTER TABLE enrollments ADD COLUMN claim_token TEXT;
-- Due work per organization, so one organization's backlog does not starve another's.
CREATE INDEX enrollments_org_due ON enrollments (org_id, next_run_at) WHERE status = 'ACTIVE';
-- A worker reads back what its claim took.
CREATE INDEX enrollments_claim ON enrollments (claim_token) WHERE claim_token IS NOT NULL;

-- The outbox: a SEND_EMAIL step writes its message here in the same transaction that advances the enrollment;
-- the sender delivers it. status: PENDING → SENDING → SENT, or FAILED with the reason.
CREATE TABLE messages (
    id                TEXT PRIMARY KEY,
    org_id            TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_id        TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    enrollment_id     TEXT,
    step_id           TEXT,
    to_email          TEXT    NOT NULL,
    from_email        TEXT,
    from_name         TEXT,
    reply_to          TEXT,
    subject           TEXT    NOT NULL,
    body              TEXT    NOT NULL,
    message_id        TEXT    NOT NULL UNIQUE,
    unsubscribe_token TEXT    NOT NULL UNIQUE,
    status            TEXT    NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER,
    claimed_until     INTEGER,
    sent_at           INTEGER,
    error             TEXT,
    created_at        INTEGER NOT NULL
);
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX messages_sending ON messages (claimed_until) WHERE status = 'SENDING';
CREATE INDEX messages_org ON messages (org_id, created_at DESC, id DESC);
CREATE INDEX messages_contact ON messages (contact_id);
-- A step of an enrollment queues at most one message, even if a step were ever run twice.
CREATE UNIQUE INDEX messages_once ON messages (enrollment_id, step_id) WHERE enrollment_id IS NOT NULL;
