-- name: org-insert
-- A new organization with its webhook signing secret.
INSERT INTO organizations (id, name, webhook_secret, created_at) VALUES (:id, :name, :secret, :now);

-- name: org-get
-- One organization.
SELECT id, name, webhook_secret, created_at FROM organizations WHERE id = :id;

-- name: org-list
-- Every organization, oldest first.
SELECT id, name, webhook_secret, created_at FROM organizations ORDER BY created_at, id;

-- name: org-any
-- Whether any organization exists (first start of a server).
SELECT 1 AS one FROM organizations LIMIT 1;

-- name: org-bounce-secret-get
-- The secret that signs an organization's inbound generic bounce posts (null only for no such organization).
SELECT bounce_secret FROM organizations WHERE id = :id;

-- name: org-bounce-secret-set
-- Replaces the bounce secret: posts signed with the old one are refused from now on.
UPDATE organizations SET bounce_secret = :secret WHERE id = :id;

-- name: org-consent-settings-update
-- Changes an organization's consent settings; a null leaves a setting as it is.
UPDATE organizations
SET require_consent = COALESCE(CAST(:requireConsent AS INTEGER), require_consent),
    consent_subject = COALESCE(CAST(:subject AS TEXT), consent_subject),
    consent_template = COALESCE(CAST(:template AS TEXT), consent_template)
WHERE id = :org;

-- name: org-form-token-set
-- Gives an organization its subscription form token if it has none.
UPDATE organizations SET form_token = :token WHERE id = :org AND form_token IS NULL;

-- name: org-form-token-rotate
-- Replaces an organization's subscription form token (or makes its first).
UPDATE organizations SET form_token = :token WHERE id = :org;
