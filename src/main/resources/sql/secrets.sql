-- name: secret-keys-used
-- The ids of the keys that sealed values in this database.
SELECT key_id FROM secret_keys ORDER BY key_id;

-- name: secret-key-record
-- Records that a key seals values here; nothing when it is recorded already.
INSERT INTO secret_keys (key_id, created_at) VALUES (:id, :now) ON CONFLICT (key_id) DO NOTHING;

-- name: secret-keys-retire
-- Forgets every key but the current one, once every stored secret is sealed with it.
DELETE FROM secret_keys WHERE key_id <> :current;
