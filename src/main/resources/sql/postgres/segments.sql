-- PostgreSQL's forms of statements of sql/segments.sql, by the same names.

-- name: segment-match-page
-- A page of the contacts a segment selects, newest first (seq: creation order).
SELECT c.* FROM contacts c WHERE c.org_id = :org AND (1 = 1 /*condition*/)
ORDER BY c.seq DESC LIMIT :limit OFFSET :offset;

-- name: segment-match-count-scan
-- The same count as segment-match-count: PostgreSQL's planner chooses the scan itself.
SELECT COUNT(*) AS total FROM contacts c WHERE c.org_id = :org AND (1 = 1 /*condition*/);

-- name: segment-members-seed
-- Records everyone a segment selects now as its members.
INSERT INTO segment_members (segment_id, contact_id)
SELECT CAST(:segment AS TEXT), c.id FROM contacts c WHERE c.org_id = :org AND (1 = 1 /*condition*/)
ON CONFLICT DO NOTHING;

-- name: segment-member-add
-- Records a contact as in a segment.
INSERT INTO segment_members (segment_id, contact_id) VALUES (:segment, :contact) ON CONFLICT DO NOTHING;
