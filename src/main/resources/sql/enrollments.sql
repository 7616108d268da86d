-- name: enrollment-insert
-- A new ACTIVE enrollment, due at once; the partial unique index refuses a second ACTIVE one.
INSERT INTO enrollments (id, org_id, workflow_id, contact_id, status, current_step, next_run_at, created_at, updated_at)
VALUES (:id, :org, :workflow, :contact, 'ACTIVE', :step, :now, :now, :now);

-- name: enrollment-get
-- One enrollment of an organization.
SELECT * FROM enrollments WHERE org_id = :org AND id = :id;

-- name: enrollment-list
-- A page of an organization's enrollments, newest first, each filter optional.
SELECT * FROM enrollments
WHERE org_id = :org
  AND (:workflow IS NULL OR workflow_id = :workflow)
  AND (:contact IS NULL OR contact_id = :contact)
  AND (:status IS NULL OR status = :status)
ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: enrollment-count
-- How many enrollments match the filters.
SELECT COUNT(*) AS total FROM enrollments
WHERE org_id = :org
  AND (:workflow IS NULL OR workflow_id = :workflow)
  AND (:contact IS NULL OR contact_id = :contact)
  AND (:status IS NULL OR status = :status);

-- name: enrollment-exit
-- Ends an active enrollment by request.
UPDATE enrollments SET status = 'EXITED', next_run_at = NULL, updated_at = :now, completed_at = :now
WHERE org_id = :org AND id = :id AND status = 'ACTIVE';

-- name: enrollment-history
-- The steps an enrollment has executed, oldest first.
SELECT step_id, step_type, step_order, outcome, detail, executed_at FROM enrollment_history
WHERE enrollment_id = :id ORDER BY executed_at, rowid;
