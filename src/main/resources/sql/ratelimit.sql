-- name: rate-take
-- Refills a key's bucket for the time since its last use (capped at :capacity) and takes :want tokens if they are
-- there, else one if there is one, in one statement under the row's lock; a new bucket starts full. Returns what is
-- left and how many it took (allowed). :fresh is :capacity - :want. Written with CASE alone, as both dialects read
-- it.
INSERT INTO rate_buckets (bucket_key, tokens, allowed, updated_at) VALUES (:key, :fresh, :want, :now)
ON CONFLICT (bucket_key) DO UPDATE SET
    tokens = CASE
        WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= :capacity THEN :fresh
        WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= :want
            THEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli - :want
        WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= 1
            THEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli - 1
        ELSE rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli END,
    allowed = CASE
        WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= :want THEN :want
        WHEN rate_buckets.tokens + (:now - rate_buckets.updated_at) * :perMilli >= 1 THEN 1
        ELSE 0 END,
    updated_at = :now
RETURNING tokens, allowed;

-- name: rate-expire
-- Forgets buckets untouched since :before: they have refilled completely, as a new one starts.
DELETE FROM rate_buckets WHERE updated_at < :before;
