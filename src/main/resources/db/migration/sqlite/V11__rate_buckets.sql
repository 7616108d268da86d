-- The per-key rate limit's token buckets, shared by the instances on one PostgreSQL database (SQLite's one process
-- keeps them in memory and leaves this table empty). tokens may be fractional; allowed is whether the last
-- request took one.
CREATE TABLE rate_buckets (
    bucket_key TEXT PRIMARY KEY,
    tokens     DOUBLE PRECISION NOT NULL,
    allowed    INTEGER NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX rate_buckets_updated ON rate_buckets (updated_at);
