-- name: consent-log-insert
-- Records one consent change.
INSERT INTO consent_log (id, org_id, contact_id, status, source, ip, user_agent, created_at)
VALUES (:id, :org, :contact, :status, :source, :ip, :userAgent, :now);

-- name: consent-log-list
-- A contact's consent changes, oldest first.
SELECT * FROM consent_log WHERE org_id = :org AND contact_id = :contact ORDER BY created_at, id;

-- name: consent-token-insert
-- A pending double opt-in link, by the hash of its token.
INSERT INTO consent_tokens (token_hash, org_id, contact_id, created_at) VALUES (:hash, :org, :contact, :now);

-- name: consent-token-get
-- The contact a double opt-in link is for.
SELECT t.org_id, t.contact_id, c.email, c.consent_status
FROM consent_tokens t JOIN contacts c ON c.id = t.contact_id
WHERE t.token_hash = :hash;

-- name: consent-token-delete
-- Spends every pending link of a contact once it confirmed.
DELETE FROM consent_tokens WHERE org_id = :org AND contact_id = :contact;

-- name: consent-settings
-- An organization's consent settings.
SELECT require_consent, consent_subject, consent_template, form_token, name FROM organizations WHERE id = :org;

-- name: consent-form-org
-- The organization a subscription form token belongs to.
SELECT id FROM organizations WHERE form_token = :token;

-- name: form-address-lock
-- Serialises form posts for one mailbox, so that concurrent ones cannot both pass its daily cap. SQLite's single
-- writer serialises them already, so Tx.lock skips it there; PostgreSQL's form takes a lock.
SELECT :org AS org_id, :hash AS address_hash;

-- name: form-requests-since
-- How many confirmation emails the form sent an address (by its normalised hash) since a time: the daily cap.
SELECT COUNT(*) AS total FROM form_requests WHERE org_id = :org AND address_hash = :hash AND created_at >= :since;

-- name: form-request-insert
-- Counts one confirmation email the form sent towards the address's daily cap.
INSERT INTO form_requests (org_id, address_hash, created_at) VALUES (:org, :hash, :now);

-- name: form-requests-prune
-- Forgets an organization's form requests older than the cap's window: they no longer count.
DELETE FROM form_requests WHERE org_id = :org AND created_at < :before;

-- name: consent-held-creation-insert
-- Holds a form-created contact's CONTACT_CREATED workflows until it confirms.
INSERT INTO consent_held_creations (contact_id, org_id, created_at) VALUES (:contact, :org, :now);

-- name: consent-held-creation-delete
-- Releases a confirming contact's held creation; one row deleted means its CONTACT_CREATED workflows start now.
DELETE FROM consent_held_creations WHERE org_id = :org AND contact_id = :contact;
