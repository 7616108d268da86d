-- PostgreSQL's form of sqlite/V48: a bounce secret per organization and the remembered bounce posts. The fresh
-- secrets of existing organizations come from gen_random_uuid() (pg_strong_random; two give 244 random bits).
ALTER TABLE organizations ADD COLUMN bounce_secret TEXT;
UPDATE organizations SET bounce_secret = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');

-- The primary key is what makes two instances agree: only one of them can insert a post's key.
CREATE TABLE bounce_replays (
    replay_key TEXT   PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX bounce_replays_expires ON bounce_replays (expires_at);
