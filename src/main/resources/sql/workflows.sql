-- name: workflow-insert
-- A new workflow.
INSERT INTO workflows (id, org_id, name, status, trigger_type, trigger, reentry, goals, exit_on, track_opens,
                       track_clicks, created_at, updated_at)
VALUES (:id, :org, :name, :status, :triggerType, :trigger, :reentry, :goals, :exitOn, :trackOpens, :trackClicks,
        :now, :now);

-- name: workflow-get
-- One workflow of an organization.
SELECT id, org_id, name, status, trigger, reentry, goals, exit_on, track_opens, track_clicks, created_at,
       updated_at
FROM workflows WHERE org_id = :org AND id = :id;

-- name: workflow-update
-- Renames a workflow, changes its status, its automation or its tracking.
UPDATE workflows
SET name = :name, status = :status, trigger_type = :triggerType, trigger = :trigger, reentry = :reentry,
    goals = :goals, exit_on = :exitOn, track_opens = :trackOpens, track_clicks = :trackClicks, updated_at = :now
WHERE org_id = :org AND id = :id;

-- name: workflow-delete
-- Deletes a workflow (its steps go with it); the caller checked it has no enrollments.
DELETE FROM workflows WHERE org_id = :org AND id = :id;

-- name: workflow-list
-- An organization's workflows, newest first, with their step and enrollment counts.
SELECT w.id, w.name, w.status, w.created_at,
       (SELECT COUNT(*) FROM workflow_steps s WHERE s.workflow_id = w.id) AS step_count,
       (SELECT COUNT(*) FROM enrollments e WHERE e.workflow_id = w.id) AS enrollment_count
FROM workflows w WHERE w.org_id = :org ORDER BY w.created_at DESC, w.id DESC;

-- name: workflow-enrollment-count
-- How many enrollments (of any status) a workflow has.
SELECT COUNT(*) AS total FROM enrollments WHERE workflow_id = :id;

-- name: step-insert
-- One step of a workflow.
INSERT INTO workflow_steps (id, workflow_id, position, type, config, segment_id)
VALUES (:id, :workflow, :position, :type, :config, :segment);

-- name: step-list
-- The steps of a workflow in order.
SELECT id, position, type, config FROM workflow_steps WHERE workflow_id = :workflow ORDER BY position;

-- name: step-delete-all
-- Removes every step of a workflow before the new list is written.
DELETE FROM workflow_steps WHERE workflow_id = :workflow;

-- name: segment-exists
-- Whether a segment exists in an organization (for CONDITION steps).
SELECT id FROM segments WHERE org_id = :org AND id = :id;

-- name: workflow-automated
-- The ids of an organization's ACTIVE workflows with a trigger, goals or exits (the writes it must check).
SELECT id FROM workflows
WHERE org_id = :org AND status = 'ACTIVE' AND (trigger_type <> 'MANUAL' OR goals <> '[]' OR exit_on <> '[]');

-- name: workflow-automated-orgs
-- The organizations with an ACTIVE workflow that has a trigger, goals or exits (for the segment sweep).
SELECT DISTINCT org_id FROM workflows
WHERE status = 'ACTIVE' AND (trigger_type <> 'MANUAL' OR goals <> '[]' OR exit_on <> '[]');
