-- Inbound bounce hooks get their own secret per organization, apart from the webhook secret that signs outgoing
-- calls (whose every receiver could otherwise forge bounces). Existing organizations get a fresh random one here
-- (256 bits from SQLite's CSPRNG); `orgs bounce-secret` or the Settings page shows it. The webhook secret stops
-- signing bounces at the same time.
ALTER TABLE organizations ADD COLUMN bounce_secret TEXT;
UPDATE organizations SET bounce_secret = lower(hex(randomblob(32)));

-- Signed bounce posts already accepted, remembered until their timestamp leaves the window: a replay counts once.
-- The key is a digest the provider's hook derives from what its signature covers (see docs/deliverability.md).
CREATE TABLE bounce_replays (
    replay_key TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX bounce_replays_expires ON bounce_replays (expires_at);
