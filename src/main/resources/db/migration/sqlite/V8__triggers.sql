-- Workflows that start and stop themselves (issue 14): a trigger, a re-entry rule, goals and exit conditions,
-- each a JSON document in the shape the API takes. trigger_type is copied out so that the workflows an
-- organization's writes must be checked against are found without parsing every workflow.
ALTER TABLE workflows ADD COLUMN trigger_type TEXT NOT NULL DEFAULT 'MANUAL';
ALTER TABLE workflows ADD COLUMN trigger TEXT NOT NULL DEFAULT '{"type":"MANUAL"}';
ALTER TABLE workflows ADD COLUMN reentry TEXT NOT NULL DEFAULT 'NEVER';
ALTER TABLE workflows ADD COLUMN goals TEXT NOT NULL DEFAULT '[]';
ALTER TABLE workflows ADD COLUMN exit_on TEXT NOT NULL DEFAULT '[]';
-- The ACTIVE workflows that react to writes: a trigger, goals or exits.
CREATE INDEX workflows_automated ON workflows (org_id)
    WHERE status = 'ACTIVE' AND (trigger_type <> 'MANUAL' OR goals <> '[]' OR exit_on <> '[]');

-- The event that started an enrollment (an EVENT trigger), for templates and WAIT_FOR_EVENT's matchProperty; and
-- when a goal ended it.
ALTER TABLE enrollments ADD COLUMN trigger_event_id TEXT;
ALTER TABLE enrollments ADD COLUMN goal_reached_at INTEGER;
-- Re-entry NEVER asks whether a contact was ever enrolled in a workflow.
CREATE INDEX enrollments_workflow_contact ON enrollments (workflow_id, contact_id);
