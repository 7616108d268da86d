-- PostgreSQL's form of sqlite/V7: events received for contacts.
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_id  TEXT   NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    properties  TEXT   NOT NULL DEFAULT '{}',
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    client_id   TEXT
);
CREATE UNIQUE INDEX events_org_client ON events (org_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX events_contact_name ON events (contact_id, name, occurred_at);
CREATE INDEX events_org_received ON events (org_id, received_at DESC, id DESC);
