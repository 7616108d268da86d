-- name: secret-keys-used
-- The ids of the keys that sealed values in this database.
SELECT key_id FROM secret_keys ORDER BY key_id;

-- name: secret-key-record
-- Records that a key seals values here; nothing when it is recorded already.
INSERT INTO secret_keys (key_id, created_at) VALUES (:id, :now) ON CONFLICT (key_id) DO NOTHING;

-- name: secret-keys-retire
-- Forgets every key but the current one, once every stored secret is sealed with it.
DELETE FROM secret_keys WHERE key_id <> :current;

-- name: secrets-organizations-page
-- The next organizations, by id, whose webhook secret is not sealed with the current key (:current is its prefix).
SELECT id, id AS org_id, webhook_secret AS stored FROM organizations
WHERE id > :after AND webhook_secret NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: secrets-organizations-set
-- Replaces an organization's webhook secret with its new envelope, unless it changed since it was read.
UPDATE organizations SET webhook_secret = :sealed WHERE id = :id AND webhook_secret = :stored;

-- name: secrets-bounce-page
-- The next organizations, by id, whose bounce secret is not sealed with the current key.
SELECT id, id AS org_id, bounce_secret AS stored FROM organizations
WHERE id > :after AND bounce_secret IS NOT NULL AND bounce_secret NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: secrets-bounce-set
-- Replaces an organization's bounce secret with its new envelope, unless it changed since it was read.
UPDATE organizations SET bounce_secret = :sealed WHERE id = :id AND bounce_secret = :stored;

-- name: secrets-subscriptions-page
-- The next webhook subscriptions, by id, whose secret is not sealed with the current key.
SELECT id, org_id, secret AS stored FROM webhook_subscriptions
WHERE id > :after AND secret NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: secrets-subscriptions-set
-- Replaces a subscription's secret with its new envelope, unless it changed since it was read.
UPDATE webhook_subscriptions SET secret = :sealed WHERE id = :id AND secret = :stored;

-- name: secrets-messages-page
-- The next messages, by id, whose tracking key is not sealed with the current key.
SELECT id, org_id, tracking_key AS stored FROM messages
WHERE id > :after AND tracking_key IS NOT NULL AND tracking_key NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: secrets-messages-set
-- Replaces a message's tracking key with its new envelope, unless it changed since it was read.
UPDATE messages SET tracking_key = :sealed WHERE id = :id AND tracking_key = :stored;
