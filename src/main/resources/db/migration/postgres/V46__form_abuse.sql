-- The public subscription form against abuse (issue #18 item 2; docs/deliverability.md, consent).

-- The confirmation emails a form sent, by the SHA-256 of the normalised address (lower-cased, no +tag, Gmail's dots
-- dropped): the daily cap counts the mailbox, not each way of writing it. Rows older than the window are pruned as
-- new ones come, so the table holds about a day of form posts and no address in the clear.
CREATE TABLE form_requests (
    org_id       TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    address_hash TEXT    NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX form_requests_address ON form_requests (org_id, address_hash, created_at);

-- Contacts a public form created whose CONTACT_CREATED workflows wait for their confirmation; the confirmation
-- deletes the row and starts them.
CREATE TABLE consent_held_creations (
    contact_id TEXT    PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
