-- PostgreSQL's V44 gives messages a seq in the order they were queued, for message-due's tie-break. SQLite's rowid
-- is that order already, and the messages_due index (next_attempt_at) carries it: nothing changes here.
SELECT 1;
