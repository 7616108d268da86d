-- PostgreSQL's form of sqlite/V8: workflows that start and stop themselves.
ALTER TABLE workflows ADD COLUMN trigger_type TEXT NOT NULL DEFAULT 'MANUAL';
ALTER TABLE workflows ADD COLUMN trigger TEXT NOT NULL DEFAULT '{"type":"MANUAL"}';
ALTER TABLE workflows ADD COLUMN reentry TEXT NOT NULL DEFAULT 'NEVER';
ALTER TABLE workflows ADD COLUMN goals TEXT NOT NULL DEFAULT '[]';
ALTER TABLE workflows ADD COLUMN exit_on TEXT NOT NULL DEFAULT '[]';
CREATE INDEX workflows_automated ON workflows (org_id)
    WHERE status = 'ACTIVE' AND (trigger_type <> 'MANUAL' OR goals <> '[]' OR exit_on <> '[]');

ALTER TABLE enrollments ADD COLUMN trigger_event_id TEXT;
ALTER TABLE enrollments ADD COLUMN goal_reached_at BIGINT;
CREATE INDEX enrollments_workflow_contact ON enrollments (workflow_id, contact_id);
