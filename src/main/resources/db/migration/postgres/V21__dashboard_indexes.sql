-- PostgreSQL's form of sqlite/V21.
-- The dashboard's Overview counts failed messages: an index of the failed ones only, so the count reads those and
-- not every message of the organization.
CREATE INDEX messages_failed ON messages (org_id) WHERE status = 'FAILED';
