-- Messages due at the same millisecond go out in the order they were queued (a sequence's two emails, queued in one
-- engine round, arrive in order): seq is that order, as SQLite's rowid is (see sqlite/V44).
ALTER TABLE messages ADD COLUMN seq BIGSERIAL;
DROP INDEX messages_due;
CREATE INDEX messages_due ON messages (next_attempt_at, seq) WHERE status = 'PENDING';
