-- name: message-insert
-- Queues an email in the outbox; html (0 or 1) and links (a JSON array) come from its template (V45).
INSERT INTO messages (id, org_id, contact_id, enrollment_id, step_id, to_email, from_email, from_name, reply_to,
                      subject, body, text_body, html, links, message_id, unsubscribe_token, tracking_key, status,
                      next_attempt_at, created_at)
VALUES (:id, :org, :contact, :enrollment, :step, :to, :fromEmail, :fromName, :replyTo, :subject, :body, :text,
        :html, :links, :messageId, :token, :trackingKey, 'PENDING', :now, :now);

-- name: message-get
-- One message with its contact's unsubscribe state, whether it lacks the consent its organization requires
-- (only a workflow step's email: a double opt-in confirmation goes to PENDING contacts by design), and what its
-- workflow tracks now.
SELECT m.*, c.unsubscribed_at,
       CASE WHEN m.step_id IS NOT NULL AND o.require_consent = 1 AND c.consent_status <> 'CONFIRMED'
            THEN 1 ELSE 0 END AS no_consent,
       w.track_opens, w.track_clicks
FROM messages m JOIN contacts c ON c.id = m.contact_id JOIN organizations o ON o.id = m.org_id
     LEFT JOIN enrollments e ON e.id = m.enrollment_id LEFT JOIN workflows w ON w.id = e.workflow_id
WHERE m.id = :id;

-- name: message-due
-- Messages due for delivery, oldest first and, at the same moment, in the order they were queued (the rowid), with
-- their address, whether their contact has unsubscribed since, and whether it lacks the consent its organization
-- requires (as in message-get).
SELECT m.id, m.org_id, m.contact_id, m.to_email, c.unsubscribed_at IS NOT NULL AS unsubscribed,
       CASE WHEN m.step_id IS NOT NULL AND o.require_consent = 1 AND c.consent_status <> 'CONFIRMED'
            THEN 1 ELSE 0 END AS no_consent
FROM messages m JOIN contacts c ON c.id = m.contact_id JOIN organizations o ON o.id = m.org_id
WHERE m.status = 'PENDING' AND m.next_attempt_at <= :now ORDER BY m.next_attempt_at, m.rowid LIMIT :limit;

-- name: message-interrupted
-- Messages whose sender died mid-delivery: their lease ran out while SENDING, or their instance is gone; with when
-- (if at all) the sender began handing them over.
SELECT id, org_id, contact_id, handed_over_at FROM messages
WHERE status = 'SENDING' AND (claimed_until < :now
      OR (claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = messages.claimed_by)));

-- name: message-start
-- Claims one message right before it is handed to the transport; only one sender can win it.
UPDATE messages SET status = 'SENDING', claimed_until = :lease, claimed_by = :instance, attempts = attempts + 1,
                    handed_over_at = NULL
WHERE id = :id AND status = 'PENDING';

-- name: message-handing-over
-- Records, right before the final "." of DATA, that the message is being handed over to SMTP; only while this
-- instance's claim still holds (nothing if another instance took it for dead meanwhile).
UPDATE messages SET handed_over_at = :now WHERE id = :id AND status = 'SENDING' AND claimed_by = :instance;

-- name: message-requeue
-- Puts back, due now, a message whose sender died before handing it over: no SMTP server accepted it.
UPDATE messages SET status = 'PENDING', next_attempt_at = :now, claimed_until = NULL, error = :error
WHERE id = :id AND status = 'SENDING' AND handed_over_at IS NULL;

-- name: message-sent
-- Marks messages delivered (from SENDING, or straight from PENDING for the capture outbox); :ids is a JSON array.
UPDATE messages
SET status = 'SENT', sent_at = :now, claimed_until = NULL, error = NULL,
    attempts = CASE WHEN status = 'PENDING' THEN attempts + 1 ELSE attempts END
WHERE id IN (SELECT value FROM json_each(:ids)) AND status IN ('PENDING', 'SENDING');

-- name: message-failed
-- Records a permanent failure of messages; :ids is a JSON array.
UPDATE messages SET status = 'FAILED', claimed_until = NULL, error = :error
WHERE id IN (SELECT value FROM json_each(:ids)) AND status IN ('PENDING', 'SENDING');

-- name: message-suppressed
-- Records that messages were not sent, and why; :ids is a JSON array.
UPDATE messages SET status = 'SUPPRESSED', claimed_until = NULL, suppression_reason = :reason
WHERE id IN (SELECT value FROM json_each(:ids)) AND status IN ('PENDING', 'SENDING');

-- name: message-retry
-- Puts a message back for another attempt later, unless another instance took it for dead meanwhile (and failed or
-- requeued it).
UPDATE messages SET status = 'PENDING', next_attempt_at = :next, claimed_until = NULL, error = :error
WHERE id = :id AND status = 'SENDING' AND claimed_by = :instance;

-- name: message-by-token
-- The organization, contact, address and unsubscribe state behind a message's unsubscribe token.
SELECT m.org_id, m.contact_id, c.email, c.unsubscribed_at
FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.unsubscribe_token = :token;

-- name: message-of-org
-- One of an organization's messages, for the API.
SELECT *, NULL AS unsubscribed_at, 0 AS no_consent, 0 AS track_opens, 0 AS track_clicks FROM messages WHERE org_id = :org AND id = :id;

-- name: message-by-message-id
-- The message a bounce or complaint report names by its Message-ID header.
SELECT id, org_id, contact_id, to_email FROM messages WHERE org_id = :org AND message_id = :messageId;

-- name: message-by-message-id-any
-- The message a bounce mailbox report names by its Message-ID header, in whichever organization it is.
SELECT id, org_id, contact_id, to_email FROM messages WHERE message_id = :messageId;

-- name: message-reported
-- Records what a bounce or complaint report says of a message that was sent.
UPDATE messages SET status = :status WHERE id = :id AND status IN ('SENT', 'BOUNCED');

-- name: message-list
-- A page of an organization's messages, newest first, each filter optional.
SELECT *, NULL AS unsubscribed_at, 0 AS no_consent, 0 AS track_opens, 0 AS track_clicks FROM messages
WHERE org_id = :org AND (CAST(:contact AS TEXT) IS NULL OR contact_id = :contact) AND (CAST(:status AS TEXT) IS NULL OR status = :status)
ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: message-count
-- How many messages match the filters.
SELECT COUNT(*) AS total FROM messages
WHERE org_id = :org AND (CAST(:contact AS TEXT) IS NULL OR contact_id = :contact) AND (CAST(:status AS TEXT) IS NULL OR status = :status);

-- name: message-pending-count
-- The outbox's depth: messages waiting for delivery (metrics; the partial index of due messages).
SELECT COUNT(*) AS total FROM messages WHERE status = 'PENDING';

-- name: message-tracking-events
-- A message's opens and clicks as they came in, oldest first (machine: why not a person's, else null).
SELECT type, url, machine, user_agent, created_at FROM tracking_events WHERE message_id = :message
ORDER BY created_at, id;

-- name: message-round-lock
-- Serialises the rounds that mark a batch of messages (the capture outbox's, recovering the interrupted ones) across
-- instances, so two never mark and publish the same message. SQLite's single writer serialises them already, so
-- Tx.lock skips it there; PostgreSQL's form takes a lock.
SELECT 1 AS locked;

-- name: message-tracking-key-unsealed
-- The next messages, by id, whose tracking key is not sealed with the current key.
SELECT id, org_id, tracking_key AS stored FROM messages
WHERE id > :after AND tracking_key IS NOT NULL AND tracking_key NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: message-tracking-key-reseal
-- Replaces a message's tracking key with its new envelope, unless it changed since it was read.
UPDATE messages SET tracking_key = :sealed WHERE id = :id AND tracking_key = :stored;

-- name: message-sent-since
-- Emails sent since a time, reading the organization's messages of that window only.
SELECT COUNT(*) AS total FROM messages WHERE org_id = :org AND created_at >= :since AND status = 'SENT';

-- name: message-failed-count
-- Failed messages, counted up to a cap.
SELECT COUNT(*) AS total FROM (SELECT 1 FROM messages WHERE org_id = :org AND status = 'FAILED' LIMIT :cap) AS failed;

-- name: message-sent-per-day
-- Emails sent per UTC day (days since the epoch) since a time.
SELECT sent_at / 86400000 AS day, COUNT(*) AS total FROM messages
WHERE org_id = :org AND created_at >= :since AND status = 'SENT' AND sent_at IS NOT NULL GROUP BY day;

-- name: message-tracking-firsts
-- A message's first open and first click by a person, from its events: a click by a person is also an open.
UPDATE messages
SET opened_at = (SELECT MIN(t.created_at) FROM tracking_events t WHERE t.message_id = :id AND t.machine IS NULL),
    clicked_at = (SELECT MIN(t.created_at) FROM tracking_events t
                  WHERE t.message_id = :id AND t.type = 'CLICKED' AND t.machine IS NULL)
WHERE id = :id;
