-- name: rate-take
-- Refills a key's bucket for the time since its last use (capped at :capacity) and takes a token if one is there,
-- in one statement under the row's lock; a new bucket starts full. Returns what is left and whether it took one.
INSERT INTO rate_buckets (bucket_key, tokens, allowed, updated_at) VALUES (:key, :capacity - 1, 1, :now)
ON CONFLICT (bucket_key) DO UPDATE SET
    tokens = CASE
        WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= :capacity THEN :capacity - 1
        WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= 1
            THEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli - 1
        ELSE rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli END,
    allowed = CASE WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= 1 THEN 1 ELSE 0 END,
    updated_at = :now
RETURNING tokens, allowed;

-- name: rate-expire
-- Forgets buckets untouched since :before: they have refilled completely, as a new one starts.
DELETE FROM rate_buckets WHERE updated_at < :before;
