-- name: segment-insert
-- A new segment with its groups and rules as one JSON document.
INSERT INTO segments (id, org_id, name, definition, created_at, updated_at)
VALUES (:id, :org, :name, :definition, :now, :now);

-- name: segment-get
-- One segment of an organization.
SELECT id, name, definition, created_at, updated_at FROM segments WHERE org_id = :org AND id = :id;

-- name: segment-update
-- Renames a segment and replaces its groups.
UPDATE segments SET name = :name, definition = :definition, updated_at = :now WHERE org_id = :org AND id = :id;

-- name: segment-delete
-- Deletes a segment; the caller checked no CONDITION step uses it.
DELETE FROM segments WHERE org_id = :org AND id = :id;

-- name: segment-list
-- An organization's segments, newest first.
SELECT id, name, created_at FROM segments WHERE org_id = :org ORDER BY created_at DESC, id DESC;

-- name: segment-in-use
-- Whether a CONDITION step of the organization refers to the segment.
SELECT s.id FROM workflow_steps s JOIN workflows w ON w.id = s.workflow_id
WHERE w.org_id = :org AND s.segment_id = :id LIMIT 1;

-- name: segment-match-page
-- A page of the contacts a segment selects; the compiler puts its condition (with its own parameters) in place of
-- the marker.
SELECT c.* FROM contacts c WHERE c.org_id = :org AND (1 = 1 /*condition*/)
ORDER BY c.rowid DESC LIMIT :limit OFFSET :offset;

-- name: segment-match-count
-- How many contacts a segment selects, through the organization's index.
SELECT COUNT(*) AS total FROM contacts c WHERE c.org_id = :org AND (1 = 1 /*condition*/);

-- name: segment-match-count-scan
-- The same count by reading the whole table in order, for an organization holding most of it: a quarter faster
-- than visiting its rows through the index (SQLite's NOT INDEXED; a PostgreSQL planner makes this choice itself).
SELECT COUNT(*) AS total FROM contacts c NOT INDEXED WHERE c.org_id = :org AND (1 = 1 /*condition*/);

-- name: segment-org-share
-- An organization's contacts and everyone's (kept by triggers), to choose between the two counts.
SELECT COALESCE((SELECT total FROM contact_counts WHERE org_id = :org), 0) AS org,
       COALESCE((SELECT SUM(total) FROM contact_counts), 0) AS everyone;

-- name: segment-match-one
-- Whether one contact is in a segment now (CONDITION steps).
SELECT c.id FROM contacts c WHERE c.org_id = :org AND c.id = :contact AND (1 = 1 /*condition*/);

-- name: segment-watched
-- Whether a segment's membership is kept (seeded).
SELECT seeded_at FROM segment_watches WHERE segment_id = :id;

-- name: segment-watch
-- Starts keeping a segment's membership.
INSERT INTO segment_watches (segment_id, seeded_at) VALUES (:id, :now);

-- name: segment-members-seed
-- Records everyone a segment selects now as its members.
INSERT OR IGNORE INTO segment_members (segment_id, contact_id)
SELECT :segment, c.id FROM contacts c WHERE c.org_id = :org AND (1 = 1 /*condition*/);

-- name: segment-member
-- Whether a contact was in a segment when last evaluated.
SELECT contact_id FROM segment_members WHERE segment_id = :segment AND contact_id = :contact;

-- name: segment-member-add
-- Records a contact as in a segment.
INSERT OR IGNORE INTO segment_members (segment_id, contact_id) VALUES (:segment, :contact);

-- name: segment-member-remove
-- Records a contact as no longer in a segment.
DELETE FROM segment_members WHERE segment_id = :segment AND contact_id = :contact;

-- name: segment-members-entering
-- Contacts a segment selects now that were not in it.
SELECT c.id FROM contacts c WHERE c.org_id = :org AND (1 = 1 /*condition*/)
  AND NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = :segment AND m.contact_id = c.id);

-- name: segment-members-leaving
-- Members a segment no longer selects.
SELECT m.contact_id AS id FROM segment_members m WHERE m.segment_id = :segment
  AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = m.contact_id AND c.org_id = :org AND (1 = 1 /*condition*/));
