-- WAIT_FOR_EVENT: an enrollment waiting at such a step remembers since when and for which event name, so an
-- event of that name wakes it (its next_run_at becomes now) and the step looks for events received since.
ALTER TABLE enrollments ADD COLUMN waiting_since INTEGER;
ALTER TABLE enrollments ADD COLUMN waiting_for TEXT;
CREATE INDEX enrollments_waiting ON enrollments (contact_id, waiting_for) WHERE waiting_for IS NOT NULL;
