-- name: idempotency-get
-- The stored first response for an API key's Idempotency-Key.
SELECT request_hash, status, response FROM idempotency_keys WHERE api_key_id = :keyId AND idem_key = :key;

-- name: idempotency-insert
-- Stores a first response, in the same transaction as the work it answers.
INSERT INTO idempotency_keys (api_key_id, idem_key, request_hash, status, response, created_at)
VALUES (:keyId, :key, :hash, :status, :response, :now);

-- name: idempotency-expire
-- Forgets keys older than the retention window.
DELETE FROM idempotency_keys WHERE created_at < :before;

-- name: idempotency-lock
-- Serialises concurrent requests with one key until the first has stored its response. SQLite's single writer
-- serialises them already, so here it only reads the key back; PostgreSQL's form takes a transaction lock.
SELECT :keyId AS key_id, :key AS idem_key;

-- name: idempotency-response-unsealed
-- The next kept responses, by API key and Idempotency-Key (no space in either), not sealed with the current key.
SELECT api_key_id || ' ' || idem_key AS id, api_key_id AS org_id, response AS stored FROM idempotency_keys
WHERE api_key_id || ' ' || idem_key > :after AND response NOT LIKE :current ORDER BY 1 LIMIT :limit;

-- name: idempotency-response-reseal
-- Replaces a kept response with its new envelope, unless it changed since it was read.
UPDATE idempotency_keys SET response = :sealed WHERE api_key_id || ' ' || idem_key = :id AND response = :stored;
