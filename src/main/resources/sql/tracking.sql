-- name: tracking-message
-- A message as its tracking URLs need it: its organization, signing key and delivery time.
SELECT id, org_id, tracking_key, sent_at FROM messages WHERE id = :id;

-- name: tracking-message-links
-- What says which links of a message are its own, for its redirect: its template's kind and links (V45), and its
-- body for a message queued before them.
SELECT html, links, body FROM messages WHERE id = :id;

-- name: tracking-message-lock
-- Serialises the opens and clicks of one message, so each sees the others' events when it sets the message's first
-- open and click. SQLite's single writer serialises them already, so Tx.lock skips it there.
SELECT id FROM messages WHERE id = :id;

-- name: tracking-event-insert
-- Records an open or a click as it came in; machine is null for a person.
INSERT INTO tracking_events (id, org_id, message_id, type, url, machine, user_agent, created_at)
VALUES (:id, :org, :message, :type, :url, :machine, :userAgent, :now);

-- name: tracking-honeypot-since
-- How many times a message's honeypot link was followed since a time.
SELECT COUNT(*) AS total FROM tracking_events
WHERE message_id = :message AND type = 'CLICKED' AND url IS NULL AND created_at >= :since;

-- name: tracking-flag-scanner
-- Marks a message's clicks by a person since a time as a scanner's (its honeypot link was just followed).
UPDATE tracking_events SET machine = 'HONEYPOT'
WHERE message_id = :message AND type = 'CLICKED' AND machine IS NULL AND created_at >= :since;

-- name: tracking-step-counts
-- Per step of a workflow: its messages sent (bounced and complained ones were sent), suppressed and failed, and
-- those a person opened and clicked.
SELECT m.step_id,
       SUM(CASE WHEN m.status IN ('SENT', 'BOUNCED', 'COMPLAINED') THEN 1 ELSE 0 END) AS sent,
       SUM(CASE WHEN m.status = 'SUPPRESSED' THEN 1 ELSE 0 END) AS suppressed,
       SUM(CASE WHEN m.status = 'FAILED' THEN 1 ELSE 0 END) AS failed,
       COUNT(m.opened_at) AS opened, COUNT(m.clicked_at) AS clicked
FROM enrollments e JOIN messages m ON m.enrollment_id = e.id
WHERE e.org_id = :org AND e.workflow_id = :workflow
GROUP BY m.step_id;

-- name: tracking-step-machine
-- Per step of a workflow: the opens and clicks flagged as a machine's.
SELECT m.step_id, t.type, COUNT(*) AS total
FROM enrollments e JOIN messages m ON m.enrollment_id = e.id JOIN tracking_events t ON t.message_id = m.id
WHERE e.org_id = :org AND e.workflow_id = :workflow AND t.machine IS NOT NULL
GROUP BY m.step_id, t.type;
