-- Events received for contacts (POST /api/v1/events): what triggers, goals, WAIT_FOR_EVENT steps and the segment
-- rule `event performed` read. Owned by the events feature; the engine and the segment compiler only read it.

CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    org_id      TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_id  TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    properties  TEXT    NOT NULL DEFAULT '{}',
    occurred_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    -- The client's own id for the event, which makes sending it again a no-op; NULL when none was given.
    client_id   TEXT
);
CREATE UNIQUE INDEX events_org_client ON events (org_id, client_id) WHERE client_id IS NOT NULL;
-- A contact's events of one name in time order: the segment rule, WAIT_FOR_EVENT and goals read this.
CREATE INDEX events_contact_name ON events (contact_id, name, occurred_at);
-- An organization's events newest first: GET /events.
CREATE INDEX events_org_received ON events (org_id, received_at DESC, id DESC);
