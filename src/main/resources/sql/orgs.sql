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

-- name: org-webhook-secret-unsealed
-- The next organizations, by id, whose webhook secret is not sealed with the current key (:current is its prefix).
SELECT id, id AS org_id, webhook_secret AS stored FROM organizations
WHERE id > :after AND webhook_secret NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: org-webhook-secret-reseal
-- Replaces an organization's webhook secret with its new envelope, unless it changed since it was read.
UPDATE organizations SET webhook_secret = :sealed WHERE id = :id AND webhook_secret = :stored;

-- name: org-bounce-secret-unsealed
-- The next organizations, by id, whose bounce secret is not sealed with the current key.
SELECT id, id AS org_id, bounce_secret AS stored FROM organizations
WHERE id > :after AND bounce_secret IS NOT NULL AND bounce_secret NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: org-bounce-secret-reseal
-- Replaces an organization's bounce secret with its new envelope, unless it changed since it was read.
UPDATE organizations SET bounce_secret = :sealed WHERE id = :id AND bounce_secret = :stored;
