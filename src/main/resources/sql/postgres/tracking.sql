-- PostgreSQL's forms of statements of sql/tracking.sql, by the same names.

-- name: tracking-message-lock
-- Serialises the opens and clicks of one message, on any instance, until the transaction ends: each then sees the
-- others' events when it sets the message's first open and click.
SELECT id FROM messages WHERE id = :id FOR UPDATE;
