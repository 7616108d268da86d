-- PostgreSQL's forms of statements of sql/messages.sql, by the same names: :ids is a JSON array of text.

-- name: message-sent
-- Marks messages delivered (from SENDING, or straight from PENDING for the capture outbox); :ids is a JSON array.
UPDATE messages
SET status = 'SENT', sent_at = :now, claimed_until = NULL, error = NULL,
    attempts = CASE WHEN status = 'PENDING' THEN attempts + 1 ELSE attempts END
WHERE id IN (SELECT jsonb_array_elements_text(CAST(:ids AS jsonb))) AND status IN ('PENDING', 'SENDING');

-- name: message-failed
-- Records a permanent failure of messages; :ids is a JSON array.
UPDATE messages SET status = 'FAILED', claimed_until = NULL, error = :error
WHERE id IN (SELECT jsonb_array_elements_text(CAST(:ids AS jsonb))) AND status IN ('PENDING', 'SENDING');

-- name: message-suppressed
-- Records that messages were not sent, and why; :ids is a JSON array.
UPDATE messages SET status = 'SUPPRESSED', claimed_until = NULL, suppression_reason = :reason
WHERE id IN (SELECT jsonb_array_elements_text(CAST(:ids AS jsonb))) AND status IN ('PENDING', 'SENDING');

-- name: message-round-lock
-- Serialises the rounds that mark a batch of messages across instances until the transaction ends: the next round's
-- reads see what this one marked.
SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended('message-round', 0))) AS l;
