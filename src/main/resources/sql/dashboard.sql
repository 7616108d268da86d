-- name: overview-active-enrollments
-- Active enrollments of an organization, from the partial index of active ones.
SELECT COUNT(*) AS total FROM enrollments WHERE org_id = :org AND status = 'ACTIVE';

-- name: overview-sent-since
-- Emails sent since a time, reading the organization's messages of that window only.
SELECT COUNT(*) AS total FROM messages WHERE org_id = :org AND created_at >= :since AND status = 'SENT';

-- name: overview-failed-messages
-- Failed messages, counted up to a cap.
SELECT COUNT(*) AS total FROM (SELECT 1 FROM messages WHERE org_id = :org AND status = 'FAILED' LIMIT :cap) AS failed;

-- name: overview-sent-per-day
-- Emails sent per UTC day (days since the epoch) since a time.
SELECT sent_at / 86400000 AS day, COUNT(*) AS total FROM messages
WHERE org_id = :org AND created_at >= :since AND status = 'SENT' AND sent_at IS NOT NULL GROUP BY day;

-- name: overview-enrollments-per-day
-- Enrollments started per UTC day since a time.
SELECT created_at / 86400000 AS day, COUNT(*) AS total FROM enrollments
WHERE org_id = :org AND created_at >= :since GROUP BY day;


-- name: dashboard-tag-counts
-- The organization's tags by name, each with how many contacts carry it (from the tag's index).
SELECT t.id, t.name, t.created_at,
       (SELECT COUNT(*) FROM contact_tags ct WHERE ct.tag_id = t.id) AS contacts
FROM tags t WHERE t.org_id = :org ORDER BY t.name_lower LIMIT :limit;

-- name: dashboard-funnel-waiting
-- How many active enrollments of a workflow wait at each step (by step order).
SELECT current_step AS step, COUNT(*) AS total FROM enrollments
WHERE workflow_id = :workflow AND status = 'ACTIVE' GROUP BY current_step;

-- name: dashboard-funnel-passed
-- How many enrollments of a workflow have run each step, read through the workflow's enrollments.
SELECT h.step_id AS step, COUNT(DISTINCT h.enrollment_id) AS total
FROM enrollments e JOIN enrollment_history h ON h.enrollment_id = e.id
WHERE e.workflow_id = :workflow GROUP BY h.step_id;
