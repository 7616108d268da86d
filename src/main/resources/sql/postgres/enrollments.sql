-- PostgreSQL's forms of statements of sql/enrollments.sql, by the same names.

-- name: enrollment-history
-- The steps an enrollment has executed, oldest first (seq: SQLite's rowid).
SELECT step_id, step_type, step_order, outcome, detail, executed_at FROM enrollment_history
WHERE enrollment_id = :id ORDER BY executed_at, seq;

-- name: enrollment-histories
-- The steps of an organization's enrollments named by a JSON array of ids, each one's oldest first (seq: SQLite's
-- rowid).
SELECT h.enrollment_id, h.step_id, h.step_type, h.step_order, h.outcome, h.detail, h.executed_at
FROM enrollment_history h JOIN enrollments e ON e.id = h.enrollment_id
WHERE e.org_id = :org AND h.enrollment_id IN (SELECT jsonb_array_elements_text(CAST(:ids AS jsonb)))
ORDER BY h.enrollment_id, h.executed_at, h.seq;

-- name: enrollment-claim
-- Claims up to :limit due enrollments of one organization whose workflow is ACTIVE and that no live claim holds (a
-- claim is dead when its lease ran out, or at once when its instance is gone from `instances`).
-- Instances claim at the same time here: SKIP LOCKED passes over rows another claim is taking, and the CTE is
-- evaluated once (an IN subquery with LIMIT may be rescanned per row and take more than :limit).
WITH due AS (
    SELECT e.id FROM enrollments e JOIN workflows w ON w.id = e.workflow_id
    WHERE e.org_id = :org AND e.status = 'ACTIVE' AND e.next_run_at <= :now AND w.status = 'ACTIVE'
      AND (e.claimed_until IS NULL OR e.claimed_until < :now
           OR (e.claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = e.claimed_by)))
    ORDER BY e.next_run_at LIMIT :limit
    FOR UPDATE OF e SKIP LOCKED)
UPDATE enrollments SET claimed_until = :lease, claim_token = :token, claimed_by = :instance
FROM due WHERE enrollments.id = due.id;

-- name: enrollment-contact-lock
-- Serialises a WAIT_FOR_EVENT step's look at a contact's events with an event's wake-up of that contact, on any
-- instance, until the transaction ends.
SELECT 1 AS locked FROM (
    SELECT pg_advisory_xact_lock(hashtextextended('contact ' || CAST(:contact AS TEXT), 0))) AS l;
