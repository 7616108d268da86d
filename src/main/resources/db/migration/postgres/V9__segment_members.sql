-- PostgreSQL's form of sqlite/V9: the members of watched segments, as last evaluated.
CREATE TABLE segment_watches (
    segment_id TEXT PRIMARY KEY REFERENCES segments (id) ON DELETE CASCADE,
    seeded_at  BIGINT NOT NULL
);
CREATE TABLE segment_members (
    segment_id TEXT NOT NULL REFERENCES segment_watches (segment_id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (segment_id, contact_id)
);
CREATE INDEX segment_members_contact ON segment_members (contact_id);
