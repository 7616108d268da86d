-- PostgreSQL's forms of statements of sql/messages.sql, by the same names: :ids is a JSON array of text.

-- name: message-due
-- Messages due for delivery, oldest first and, at the same moment, in the order they were queued (seq, V44), with
-- their address, whether their contact has unsubscribed since, and whether it lacks the consent its organization
-- requires (as in message-get).
SELECT m.id, m.org_id, m.contact_id, m.to_email, c.unsubscribed_at IS NOT NULL AS unsubscribed,
       CASE WHEN m.step_id IS NOT NULL AND o.require_consent = 1 AND c.consent_status <> 'CONFIRMED'
            THEN 1 ELSE 0 END AS no_consent
FROM messages m JOIN contacts c ON c.id = m.contact_id JOIN organizations o ON o.id = m.org_id
WHERE m.status = 'PENDING' AND m.next_attempt_at <= :now ORDER BY m.next_attempt_at, m.seq LIMIT :limit;

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
