-- Who is in the segments that some ACTIVE workflow's trigger, goal or exit names, as last evaluated: a write
-- re-evaluates its contact and a sweep the whole segment (rules that change with time alone), and the difference
-- is SEGMENT_ENTERED / SEGMENT_LEFT. A segment's membership is seeded (without firing) the first time it is watched,
-- so activating a workflow does not count everyone already in the segment as entering.
CREATE TABLE segment_watches (
    segment_id TEXT PRIMARY KEY REFERENCES segments (id) ON DELETE CASCADE,
    seeded_at  INTEGER NOT NULL
);
CREATE TABLE segment_members (
    segment_id TEXT NOT NULL REFERENCES segment_watches (segment_id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (segment_id, contact_id)
);
CREATE INDEX segment_members_contact ON segment_members (contact_id);
