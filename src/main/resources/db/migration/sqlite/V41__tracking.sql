-- Open and click tracking (issue 11). Per workflow: whether its emails carry a tracking pixel (track_opens) and
-- tracked links (track_clicks), 0 or 1, off by default.
ALTER TABLE workflows ADD COLUMN track_opens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workflows ADD COLUMN track_clicks INTEGER NOT NULL DEFAULT 0;

-- Per message: the key that signs its tracking URLs (192 random bits, hex; never leaves the server, so nobody can
-- sign a URL of their own), and the first open and click that a person made (machine ones are left out).
ALTER TABLE messages ADD COLUMN tracking_key TEXT;
ALTER TABLE messages ADD COLUMN opened_at INTEGER;
ALTER TABLE messages ADD COLUMN clicked_at INTEGER;

-- Every open and click as it came in. type is OPENED or CLICKED; url is a click's target (null for opens and the
-- honeypot link); machine is null for a person, else why it was not: QUIET_WINDOW, PROXY or HONEYPOT.
CREATE TABLE tracking_events (
    id         TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    message_id TEXT    NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    type       TEXT    NOT NULL,
    url        TEXT,
    machine    TEXT,
    user_agent TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX tracking_events_message ON tracking_events (message_id, created_at);
