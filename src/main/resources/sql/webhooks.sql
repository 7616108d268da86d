-- name: webhook-insert
-- A new subscription.
INSERT INTO webhook_subscriptions (id, org_id, url, events, description, secret, created_at, updated_at)
VALUES (:id, :org, :url, :events, :description, :secret, :now, :now);

-- name: webhook-get
-- One subscription of an organization.
SELECT id, url, events, description, secret, created_at, updated_at FROM webhook_subscriptions
WHERE org_id = :org AND id = :id;

-- name: webhook-list
-- A page of an organization's subscriptions, newest first.
SELECT id, url, events, description, secret, created_at, updated_at FROM webhook_subscriptions
WHERE org_id = :org ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: webhook-count
-- How many subscriptions an organization has.
SELECT COUNT(*) AS total FROM webhook_subscriptions WHERE org_id = :org;

-- name: webhook-update
-- Changes a subscription's URL, event types and description.
UPDATE webhook_subscriptions SET url = :url, events = :events, description = :description, updated_at = :now
WHERE org_id = :org AND id = :id;

-- name: webhook-rotate
-- Replaces a subscription's signing secret.
UPDATE webhook_subscriptions SET secret = :secret, updated_at = :now WHERE org_id = :org AND id = :id;

-- name: webhook-delete
-- Deletes a subscription; its deliveries go with it by ON DELETE CASCADE.
DELETE FROM webhook_subscriptions WHERE org_id = :org AND id = :id;

-- name: webhook-targets
-- An organization's subscriptions and the event types of each: what the change listener caches.
SELECT id, events FROM webhook_subscriptions WHERE org_id = :org;

-- name: delivery-insert
-- A delivery to make, written with the change it tells of; nothing when the subscription is gone.
INSERT INTO webhook_deliveries (id, org_id, subscription_id, event_type, payload, status, next_attempt_at,
                                expires_at, created_at)
SELECT :id, org_id, id, :type, :payload, 'PENDING', :now, :expires, :now FROM webhook_subscriptions
WHERE id = :subscription;

-- name: delivery-list
-- A page of a subscription's deliveries, newest first.
SELECT id, event_type, status, attempts, next_attempt_at, last_status, last_error, last_attempt_at, created_at,
       delivered_at
FROM webhook_deliveries WHERE subscription_id = :subscription ORDER BY seq DESC LIMIT :limit OFFSET :offset;

-- name: delivery-count
-- How many deliveries a subscription has.
SELECT COUNT(*) AS total FROM webhook_deliveries WHERE subscription_id = :subscription;

-- name: delivery-latest
-- A subscription's latest delivery (the dashboard's list): the subscription index ends in seq, so one entry is read.
SELECT id, event_type, status, attempts, next_attempt_at, last_status, last_error, last_attempt_at, created_at,
       delivered_at
FROM webhook_deliveries WHERE org_id = :org AND subscription_id = :subscription ORDER BY seq DESC LIMIT 1;

-- name: delivery-get
-- One delivery of a subscription, with its payload.
SELECT id, event_type, status, attempts, next_attempt_at, last_status, last_error, last_attempt_at, created_at,
       delivered_at, payload
FROM webhook_deliveries WHERE subscription_id = :subscription AND id = :id;

-- name: delivery-replay
-- Sends a delivery's payload again, as a new delivery at the end of its subscription's queue.
INSERT INTO webhook_deliveries (id, org_id, subscription_id, event_type, payload, status, next_attempt_at,
                                expires_at, created_at)
SELECT :newId, org_id, subscription_id, event_type, payload, 'PENDING', :now, :expires, :now
FROM webhook_deliveries WHERE subscription_id = :subscription AND id = :id;

-- name: delivery-due-subscriptions
-- Subscriptions whose first delivery still to make is due (or past its 24 hours) and not held by a live claim
-- (its lease ran out, or its instance is gone), with what sending needs. Only the head counts: the deliveries
-- behind it wait for it. INDEXED BY here and below: left to itself, SQLite sorted all of a subscription's open
-- deliveries to find the first (a backlog of 25,000 slowed every claim), or scanned all its deliveries ever made.
SELECT s.id, s.org_id, s.url, s.secret FROM webhook_subscriptions s
WHERE EXISTS (
    SELECT 1 FROM (SELECT d.next_attempt_at, d.expires_at, d.lease_until, d.claimed_by
                   FROM webhook_deliveries d INDEXED BY webhook_deliveries_open
                   WHERE d.subscription_id = s.id AND d.status IN ('PENDING', 'SENDING') ORDER BY d.seq LIMIT 1) h
    WHERE (h.next_attempt_at <= :now OR h.expires_at <= :now)
      AND (h.lease_until IS NULL OR h.lease_until <= :now
           OR (h.claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = h.claimed_by))))
LIMIT :limit;

-- name: delivery-head
-- The first deliveries still to make of a subscription, in order; orphaned: claimed by an instance that is gone.
SELECT seq, id, event_type, payload, status, attempts, next_attempt_at, lease_until, expires_at,
       CASE WHEN claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = claimed_by)
            THEN 1 ELSE 0 END AS orphaned
FROM webhook_deliveries INDEXED BY webhook_deliveries_open
WHERE subscription_id = :subscription AND status IN ('PENDING', 'SENDING') ORDER BY seq LIMIT :limit;

-- name: delivery-expire
-- A delivery whose 24 hours have passed without success, unless a live claim holds it.
UPDATE webhook_deliveries SET status = 'FAILED', lease_until = NULL, claim = NULL,
       last_error = COALESCE(last_error, 'not delivered') || ' (gave up after 24 hours)'
WHERE seq = :seq AND status IN ('PENDING', 'SENDING') AND (lease_until IS NULL OR lease_until <= :now
      OR (claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = claimed_by)));

-- name: delivery-claim
-- Claims a run of a subscription's deliveries for one sender and its instance, guarded: only rows free, or whose
-- lease has expired, or whose instance is gone.
UPDATE webhook_deliveries SET status = 'SENDING', lease_until = :lease, claim = :claim, claimed_by = :instance
WHERE subscription_id = :subscription AND seq BETWEEN :first AND :last AND status IN ('PENDING', 'SENDING')
  AND (lease_until IS NULL OR lease_until <= :now
       OR (claimed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = claimed_by)));

-- name: delivery-delivered
-- Deliveries the receiver accepted with one status (2xx), by a JSON array of their seq, recorded only while this
-- sender's claim holds: one statement for a run, not one per delivery.
UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = attempts + 1, last_status = :code,
       last_error = NULL, last_attempt_at = :now, delivered_at = :now, lease_until = NULL, claim = NULL
WHERE seq IN (SELECT value FROM json_each(:seqs)) AND claim = :claim AND status = 'SENDING';

-- name: delivery-retry
-- A failed attempt, tried again at :next, or FAILED when that is past the delivery's 24 hours.
UPDATE webhook_deliveries SET status = CASE WHEN :next >= expires_at THEN 'FAILED' ELSE 'PENDING' END,
       attempts = attempts + 1, last_status = :code, last_attempt_at = :now,
       last_error = CASE WHEN :next >= expires_at THEN :error || ' (gave up after 24 hours)' ELSE :error END,
       next_attempt_at = :next, lease_until = NULL, claim = NULL
WHERE id = :id AND claim = :claim AND status = 'SENDING';

-- name: delivery-release
-- Hands back the claimed deliveries a sender did not get to.
UPDATE webhook_deliveries INDEXED BY webhook_deliveries_open SET status = 'PENDING', lease_until = NULL, claim = NULL
WHERE subscription_id = :subscription AND status IN ('PENDING', 'SENDING') AND claim = :claim AND status = 'SENDING';

-- name: delivery-backlog
-- Every organization's deliveries still to make, and how many of them are due now (metrics): the open deliveries'
-- partial index, never the deliveries made.
SELECT COUNT(*) AS pending,
       COALESCE(SUM(CASE WHEN next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
                         THEN 1 ELSE 0 END), 0) AS due
FROM webhook_deliveries INDEXED BY webhook_deliveries_open WHERE status IN ('PENDING', 'SENDING');

-- name: webhook-secret-unsealed
-- The next webhook subscriptions, by id, whose secret is not sealed with the current key.
SELECT id, org_id, secret AS stored FROM webhook_subscriptions
WHERE id > :after AND secret NOT LIKE :current ORDER BY id LIMIT :limit;

-- name: webhook-secret-reseal
-- Replaces a subscription's secret with its new envelope, unless it changed since it was read.
UPDATE webhook_subscriptions SET secret = :sealed WHERE id = :id AND secret = :stored;
