-- PostgreSQL's form of sqlite/V10: WAIT_FOR_EVENT.
ALTER TABLE enrollments ADD COLUMN waiting_since BIGINT;
ALTER TABLE enrollments ADD COLUMN waiting_for TEXT;
CREATE INDEX enrollments_waiting ON enrollments (contact_id, waiting_for) WHERE waiting_for IS NOT NULL;
