-- name: engine-orgs-due
-- Organizations with due work (one indexed probe each; the organization list is small).
SELECT o.id FROM organizations o
WHERE EXISTS (SELECT 1 FROM enrollments e WHERE e.org_id = o.id AND e.status = 'ACTIVE' AND e.next_run_at <= :now);

-- name: engine-claim
-- Claims up to :limit due enrollments of one organization whose workflow is ACTIVE and that no live claim holds.
UPDATE enrollments SET claimed_until = :lease, claim_token = :token
WHERE id IN (
    SELECT e.id FROM enrollments e JOIN workflows w ON w.id = e.workflow_id
    WHERE e.org_id = :org AND e.status = 'ACTIVE' AND e.next_run_at <= :now AND w.status = 'ACTIVE'
      AND (e.claimed_until IS NULL OR e.claimed_until < :now)
    ORDER BY e.next_run_at LIMIT :limit);

-- name: engine-claimed
-- The enrollments a claim took.
SELECT * FROM enrollments WHERE claim_token = :token AND status = 'ACTIVE';

-- name: engine-advance
-- Moves an enrollment to its next step, only while this worker's claim holds.
UPDATE enrollments
SET current_step = :step, next_run_at = :next, attempts = 0, last_error = NULL, updated_at = :now
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: engine-wait
-- Moves an enrollment past a DELAY: the next step is due later, so the claim is given back at the same time.
UPDATE enrollments
SET current_step = :step, next_run_at = :next, attempts = 0, last_error = NULL, updated_at = :now,
    claimed_until = NULL, claim_token = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: engine-finish
-- Ends an enrollment (COMPLETED, EXITED or FAILED), only while this worker's claim holds.
UPDATE enrollments
SET status = :status, next_run_at = NULL, last_error = :error, updated_at = :now, completed_at = :now,
    claimed_until = NULL, claim_token = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: engine-retry
-- Schedules another attempt of the current step (a failed webhook), only while this worker's claim holds.
UPDATE enrollments
SET attempts = attempts + 1, next_run_at = :next, last_error = :error, updated_at = :now,
    claimed_until = NULL, claim_token = NULL
WHERE id = :id AND claim_token = :token AND status = 'ACTIVE';

-- name: engine-release
-- Gives up a claim without changing anything else (shutdown, or work left for the next tick).
UPDATE enrollments SET claimed_until = NULL, claim_token = NULL WHERE id = :id AND claim_token = :token;

-- name: engine-history
-- Records one executed step.
INSERT INTO enrollment_history (id, enrollment_id, step_id, step_type, step_order, outcome, detail, executed_at)
VALUES (:id, :enrollment, :step, :type, :order, :outcome, :detail, :now);

-- name: message-insert
-- Queues an email in the outbox.
INSERT INTO messages (id, org_id, contact_id, enrollment_id, step_id, to_email, from_email, from_name, reply_to,
                      subject, body, message_id, unsubscribe_token, status, next_attempt_at, created_at)
VALUES (:id, :org, :contact, :enrollment, :step, :to, :fromEmail, :fromName, :replyTo, :subject, :body,
        :messageId, :token, 'PENDING', :now, :now);

-- name: outbox-due
-- Messages due for delivery, oldest first.
SELECT id FROM messages WHERE status = 'PENDING' AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit;

-- name: outbox-capture-unsubscribed
-- Capture outbox: due messages to contacts who unsubscribed since they were queued are not delivered.
UPDATE messages SET status = 'FAILED', error = 'contact unsubscribed before delivery'
WHERE id IN (SELECT m.id FROM messages m JOIN contacts c ON c.id = m.contact_id
             WHERE m.status = 'PENDING' AND m.next_attempt_at <= :now AND c.unsubscribed_at IS NOT NULL);

-- name: outbox-capture-all
-- Capture outbox: delivering is recording, so a whole batch of due messages becomes SENT in one statement.
UPDATE messages SET status = 'SENT', sent_at = :now, attempts = attempts + 1
WHERE id IN (SELECT id FROM messages WHERE status = 'PENDING' AND next_attempt_at <= :now
             ORDER BY next_attempt_at LIMIT :limit);

-- name: outbox-start
-- Claims one message right before it is handed to the transport; only one sender can win it.
UPDATE messages SET status = 'SENDING', claimed_until = :lease, attempts = attempts + 1
WHERE id = :id AND status = 'PENDING';

-- name: outbox-get
-- One message with its contact's unsubscribe state.
SELECT m.*, c.unsubscribed_at FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.id = :id;

-- name: outbox-sent
-- Marks a message delivered (from SENDING, or straight from PENDING for the capture outbox).
UPDATE messages
SET status = 'SENT', sent_at = :now, claimed_until = NULL, error = NULL,
    attempts = CASE WHEN status = 'PENDING' THEN attempts + 1 ELSE attempts END
WHERE id = :id AND status IN ('PENDING', 'SENDING');

-- name: outbox-retry
-- Puts a message back for another attempt later.
UPDATE messages SET status = 'PENDING', next_attempt_at = :next, claimed_until = NULL, error = :error
WHERE id = :id;

-- name: outbox-failed
-- Records a permanent failure.
UPDATE messages SET status = 'FAILED', claimed_until = NULL, error = :error WHERE id = :id;

-- name: outbox-uncertain
-- Messages whose sender died mid-delivery: they may have been delivered, so they are not sent again.
UPDATE messages
SET status = 'FAILED', claimed_until = NULL,
    error = 'Delivery interrupted by a crash; not retried, so the contact never receives it twice'
WHERE status = 'SENDING' AND claimed_until < :now;

-- name: unsubscribe-by-token
-- Marks the contact of a message's unsubscribe token as unsubscribed.
UPDATE contacts SET unsubscribed_at = COALESCE(unsubscribed_at, :now), updated_at = :now
WHERE id = (SELECT contact_id FROM messages WHERE unsubscribe_token = :token);

-- name: message-list
-- A page of an organization's messages, newest first, each filter optional.
SELECT * FROM messages
WHERE org_id = :org AND (:contact IS NULL OR contact_id = :contact) AND (:status IS NULL OR status = :status)
ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: message-count
-- How many messages match the filters.
SELECT COUNT(*) AS total FROM messages
WHERE org_id = :org AND (:contact IS NULL OR contact_id = :contact) AND (:status IS NULL OR status = :status);
