-- name: key-insert
-- A new API key; only the hash of the secret is stored.
INSERT INTO api_keys (id, org_id, name, key_hash, prefix, scopes, created_at)
VALUES (:id, :org, :name, :hash, :prefix, :scopes, :now);

-- name: key-by-hash
-- The key presented in a request, looked up by the SHA-256 of the secret.
SELECT id, org_id, name, prefix, scopes, created_at, last_used_at, revoked_at FROM api_keys WHERE key_hash = :hash;

-- name: key-list
-- The keys of one organization, oldest first.
SELECT id, org_id, name, prefix, scopes, created_at, last_used_at, revoked_at
FROM api_keys WHERE org_id = :org ORDER BY created_at, id;

-- name: key-revoke
-- Revokes a key; a revoked key stays revoked.
UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL;

-- name: key-get
-- One key by id.
SELECT id, org_id, name, prefix, scopes, created_at, last_used_at, revoked_at FROM api_keys WHERE id = :id;

-- name: key-touch
-- Records when a key was last used (coalesced by the caller to once a minute).
UPDATE api_keys SET last_used_at = :now WHERE id = :id;

-- name: key-org-exists
-- Whether the organization a new key is for exists.
SELECT 1 AS one FROM organizations WHERE id = :id;
