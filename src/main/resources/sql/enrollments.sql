-- name: enrollment-insert
-- A new ACTIVE enrollment, due at once; the partial unique index refuses a second ACTIVE one.
INSERT INTO enrollments (id, org_id, workflow_id, contact_id, status, current_step, next_run_at, trigger_event_id,
                         created_at, updated_at)
VALUES (:id, :org, :workflow, :contact, 'ACTIVE', :step, :now, :event, :now, :now);

-- name: enrollment-get
-- One enrollment of an organization.
SELECT * FROM enrollments WHERE org_id = :org AND id = :id;

-- name: enrollment-list
-- A page of an organization's enrollments, newest first, each filter optional.
SELECT * FROM enrollments
WHERE org_id = :org
  AND (CAST(:workflow AS TEXT) IS NULL OR workflow_id = :workflow)
  AND (CAST(:contact AS TEXT) IS NULL OR contact_id = :contact)
  AND (CAST(:status AS TEXT) IS NULL OR status = :status)
ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: enrollment-count
-- How many enrollments match the filters.
SELECT COUNT(*) AS total FROM enrollments
WHERE org_id = :org
  AND (CAST(:workflow AS TEXT) IS NULL OR workflow_id = :workflow)
  AND (CAST(:contact AS TEXT) IS NULL OR contact_id = :contact)
  AND (CAST(:status AS TEXT) IS NULL OR status = :status);

-- name: enrollment-exit
-- Ends an active enrollment by request.
UPDATE enrollments SET status = 'EXITED', next_run_at = NULL, updated_at = :now, completed_at = :now
WHERE org_id = :org AND id = :id AND status = 'ACTIVE';

-- name: enrollment-history
-- The steps an enrollment has executed, oldest first.
SELECT step_id, step_type, step_order, outcome, detail, executed_at FROM enrollment_history
WHERE enrollment_id = :id ORDER BY executed_at, rowid;

-- name: enrollment-histories
-- The steps of an organization's enrollments named by a JSON array of ids, each one's oldest first: a page in one read.
SELECT h.enrollment_id, h.step_id, h.step_type, h.step_order, h.outcome, h.detail, h.executed_at
FROM enrollment_history h JOIN enrollments e ON e.id = h.enrollment_id
WHERE e.org_id = :org AND h.enrollment_id IN (SELECT value FROM json_each(:ids))
ORDER BY h.enrollment_id, h.executed_at, h.rowid;

-- name: enrollment-exit-workflow
-- The active enrollments of an archived workflow, ended in one statement (their ids are read first, to publish).
UPDATE enrollments SET status = 'EXITED', next_run_at = NULL, updated_at = :now, completed_at = :now,
    claimed_until = NULL, claim_token = NULL
WHERE workflow_id = :id AND status = 'ACTIVE';

-- name: enrollment-active-of-workflow
-- The ids of a workflow's active enrollments.
SELECT id FROM enrollments WHERE workflow_id = :id AND status = 'ACTIVE';

-- name: enrollment-orgs-due
-- Organizations with due work (one indexed probe each; the organization list is small).
SELECT o.id FROM organizations o
WHERE EXISTS (SELECT 1 FROM enrollments e WHERE e.org_id = o.id AND e.status = 'ACTIVE' AND e.next_run_at <= :now);

-- name: enrollment-claim
-- Claims up to :limit due enrollments of one organization whose workflow is ACTIVE and that no live claim holds: a
-- claim is dead when its lease ran out, or at once when the instance that made it is gone from `instances`.
UPDATE enrollments SET claimed_until = :lease, claim_token = :token, claimed_by = :instance
WHERE id IN (
    SELECT e.id FROM enrollments e JOIN workflows w ON w.id = e.workflow_id
    WHERE e.org_id = :org AND e.status = 'ACTIVE' AND e.next_run_at <= :now AND w.status = 'ACTIVE'
      AND (e.claimed_until IS NULL OR e.claimed_until < :now
           OR (e.claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = e.claimed_by)))
    ORDER BY e.next_run_at LIMIT :limit);

-- name: enrollment-claimed
-- The enrollments a claim took.
SELECT * FROM enrollments WHERE claim_token = :token AND status = 'ACTIVE';

-- name: enrollment-advance
-- Moves an enrollment to its next step, only while this worker's claim holds.
UPDATE enrollments
SET current_step = :step, next_run_at = :next, attempts = 0, last_error = NULL, updated_at = :now,
    waiting_since = NULL, waiting_for = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: enrollment-wait
-- Moves an enrollment past a DELAY: the next step is due later, so the claim is given back at the same time.
UPDATE enrollments
SET current_step = :step, next_run_at = :next, attempts = 0, last_error = NULL, updated_at = :now,
    waiting_since = NULL, waiting_for = NULL, claimed_until = NULL, claim_token = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: enrollment-finish
-- Ends an enrollment (COMPLETED, EXITED or FAILED), only while this worker's claim holds.
UPDATE enrollments
SET status = :status, next_run_at = NULL, last_error = :error, updated_at = :now, completed_at = :now,
    waiting_since = NULL, waiting_for = NULL, claimed_until = NULL, claim_token = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: enrollment-retry
-- Schedules another attempt of the current step (a failed webhook), only while this worker's claim holds.
UPDATE enrollments
SET attempts = attempts + 1, next_run_at = :next, last_error = :error, updated_at = :now,
    claimed_until = NULL, claim_token = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: enrollment-release
-- Gives up a claim without changing anything else (shutdown, or work left for the next tick).
UPDATE enrollments SET claimed_until = NULL, claim_token = NULL WHERE id = :id AND claim_token = :token;

-- name: enrollment-release-instance
-- Gives up every claim an instance holds (a clean stop).
UPDATE enrollments SET claimed_until = NULL, claim_token = NULL, claimed_by = NULL WHERE claimed_by = :instance;

-- name: enrollment-history-add
-- Records one executed step.
INSERT INTO enrollment_history (id, enrollment_id, step_id, step_type, step_order, outcome, detail, executed_at)
VALUES (:id, :enrollment, :step, :type, :order, :outcome, :detail, :now);

-- name: enrollment-active-of-contact
-- A contact's active enrollments (for the goals and exits a write may meet).
SELECT * FROM enrollments WHERE contact_id = :contact AND status = 'ACTIVE';

-- name: enrollment-ever
-- Whether a contact was ever enrolled in a workflow (re-entry NEVER).
SELECT id FROM enrollments WHERE workflow_id = :workflow AND contact_id = :contact LIMIT 1;

-- name: enrollment-active-in
-- Whether a contact is actively enrolled in a workflow.
SELECT id FROM enrollments WHERE workflow_id = :workflow AND contact_id = :contact AND status = 'ACTIVE';

-- name: enrollment-end
-- Ends an active enrollment by a rule (a goal met: COMPLETED with :goal; an exit condition: EXITED), whoever holds it.
UPDATE enrollments
SET status = :status, next_run_at = NULL, updated_at = :now, completed_at = :now, goal_reached_at = :goal,
    claimed_until = NULL, claim_token = NULL, waiting_since = NULL, waiting_for = NULL
WHERE id = :id AND status = 'ACTIVE';

-- name: enrollment-wait-for-event
-- Parks an enrollment at a WAIT_FOR_EVENT step until :next (the timeout) or an event named :event wakes it; the
-- claim is given back. :since is kept from the first time the step was reached.
UPDATE enrollments
SET next_run_at = :next, waiting_since = :since, waiting_for = :event, attempts = 0, last_error = NULL,
    updated_at = :now, claimed_until = NULL, claim_token = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: enrollment-wake-waiting
-- An event arrived: the contact's enrollments waiting for events of its name are due now.
UPDATE enrollments SET next_run_at = :now
WHERE contact_id = :contact AND waiting_for = :event AND status = 'ACTIVE';

-- name: enrollment-event-since
-- The first event of a name a contact received since a time (WAIT_FOR_EVENT), oldest first; reads the events table.
SELECT id, properties FROM events
WHERE contact_id = :contact AND name = :event AND received_at >= :since ORDER BY received_at, id;

-- name: enrollment-trigger-event
-- The event that triggered an enrollment (templates, matchProperty); reads the events table.
SELECT e.name, e.properties FROM events e WHERE e.id = :id;

-- name: enrollment-due-oldest
-- When the longest-waiting due enrollment of an ACTIVE workflow fell due, or NULL (metrics: the engine's lag).
SELECT MIN(e.next_run_at) AS due FROM enrollments e JOIN workflows w ON w.id = e.workflow_id
WHERE e.status = 'ACTIVE' AND e.next_run_at <= :now AND w.status = 'ACTIVE';

-- name: enrollment-contact-lock
-- Serialises a WAIT_FOR_EVENT step's look at a contact's events with an event's wake-up of that contact. SQLite's
-- single writer serialises them already, so Database.lock skips it there; PostgreSQL's form takes a lock.
SELECT :contact AS contact_id;

-- name: enrollment-active-total
-- Active enrollments of an organization, from the partial index of active ones.
SELECT COUNT(*) AS total FROM enrollments WHERE org_id = :org AND status = 'ACTIVE';

-- name: enrollment-started-per-day
-- Enrollments started per UTC day since a time.
SELECT created_at / 86400000 AS day, COUNT(*) AS total FROM enrollments
WHERE org_id = :org AND created_at >= :since GROUP BY day;

-- name: enrollment-funnel-waiting
-- How many active enrollments of a workflow wait at each step (by step order).
SELECT current_step AS step, COUNT(*) AS total FROM enrollments
WHERE workflow_id = :workflow AND status = 'ACTIVE' GROUP BY current_step;

-- name: enrollment-funnel-passed
-- How many enrollments of a workflow have run each step, read through the workflow's enrollments.
SELECT h.step_id AS step, COUNT(DISTINCT h.enrollment_id) AS total
FROM enrollments e JOIN enrollment_history h ON h.enrollment_id = e.id
WHERE e.workflow_id = :workflow GROUP BY h.step_id;
