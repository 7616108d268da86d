-- name: suppression-put
-- Puts an address on the list for a reason; an entry for the same address and reason is renewed instead.
INSERT INTO suppressions (id, org_id, email, reason, source, detail, note, expires_at, created_at)
VALUES (:id, :org, :email, :reason, :source, :detail, :note, :expires, :now)
ON CONFLICT (org_id, email, reason) DO UPDATE
SET source = excluded.source, detail = excluded.detail, expires_at = excluded.expires_at,
    created_at = excluded.created_at;

-- name: suppression-insert
-- Adds an entry; an existing entry for the address and reason is a unique violation (a conflict).
INSERT INTO suppressions (id, org_id, email, reason, source, detail, note, expires_at, created_at)
VALUES (:id, :org, :email, :reason, :source, :detail, :note, :expires, :now);

-- name: suppression-get
-- One entry of an organization's list.
SELECT * FROM suppressions WHERE org_id = :org AND id = :id;

-- name: suppression-delete
-- Removes one entry.
DELETE FROM suppressions WHERE org_id = :org AND id = :id;

-- name: suppression-delete-reason
-- Removes an address's entry for one reason (a re-subscribe removes UNSUBSCRIBED).
DELETE FROM suppressions WHERE org_id = :org AND email = :email AND reason = :reason;

-- name: suppression-active
-- The reason an address is suppressed now, if it is: the oldest entry in force.
SELECT reason FROM suppressions
WHERE org_id = :org AND email = :email AND (expires_at IS NULL OR expires_at > :now)
ORDER BY created_at, id LIMIT 1;

-- name: suppression-list
-- A page of an organization's list, newest first, each filter optional (expired entries included).
SELECT * FROM suppressions
WHERE org_id = :org AND (CAST(:email AS TEXT) IS NULL OR email = :email)
  AND (CAST(:reason AS TEXT) IS NULL OR reason = :reason)
ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: suppression-count
-- How many entries match the filters.
SELECT COUNT(*) AS total FROM suppressions
WHERE org_id = :org AND (CAST(:email AS TEXT) IS NULL OR email = :email)
  AND (CAST(:reason AS TEXT) IS NULL OR reason = :reason);

-- name: delivery-event-insert
-- Records a bounce or complaint as it came in.
INSERT INTO delivery_events (id, org_id, message_id, email, type, source, detail, created_at)
VALUES (:id, :org, :message, :email, :type, :source, :detail, :now);

-- name: delivery-event-count
-- How many events of a type an address had since a time (soft bounces in the window).
SELECT COUNT(*) AS total FROM delivery_events
WHERE org_id = :org AND email = :email AND type = :type AND created_at >= :since;

-- name: delivery-event-list
-- A message's delivery events, oldest first.
SELECT * FROM delivery_events WHERE message_id = :message ORDER BY created_at, id;
