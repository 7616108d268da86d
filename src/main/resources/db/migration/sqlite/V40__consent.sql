-- Consent (issue 11): each contact's consent state, the history of its changes, and the pending double opt-in
-- confirmations. consent_status is NONE, PENDING, CONFIRMED or WITHDRAWN.
ALTER TABLE contacts ADD COLUMN consent_status TEXT NOT NULL DEFAULT 'NONE';
ALTER TABLE contacts ADD COLUMN consent_source TEXT;
ALTER TABLE contacts ADD COLUMN consent_confirmed_at INTEGER;
ALTER TABLE contacts ADD COLUMN consent_ip TEXT;
ALTER TABLE contacts ADD COLUMN consent_user_agent TEXT;
ALTER TABLE contacts ADD COLUMN consent_text TEXT;

-- Every consent change of a contact, oldest first by created_at.
CREATE TABLE consent_log (
    id         TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_id TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status     TEXT    NOT NULL,
    source     TEXT,
    ip         TEXT,
    user_agent TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX consent_log_contact ON consent_log (contact_id, created_at);

-- A double opt-in link: the SHA-256 of its token (the token itself is only in the email).
CREATE TABLE consent_tokens (
    token_hash TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_id TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);

-- Per-organization consent settings: send only to CONFIRMED contacts (1) or to everyone not suppressed (0), and
-- the confirmation email (null: the built-in default).
ALTER TABLE organizations ADD COLUMN require_consent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN consent_subject TEXT;
ALTER TABLE organizations ADD COLUMN consent_template TEXT;

-- The public subscription form's token (POST /f/{token}): not a secret, it sits in a website's HTML; made by
-- `orgs settings` on first use.
ALTER TABLE organizations ADD COLUMN form_token TEXT;
CREATE UNIQUE INDEX organizations_form_token ON organizations (form_token);
