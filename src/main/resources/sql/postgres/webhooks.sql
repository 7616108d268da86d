-- PostgreSQL's forms of statements of sql/webhooks.sql, by the same names: :seqs is a JSON array of numbers.

-- name: delivery-delivered
-- Deliveries the receiver accepted with one status (2xx), by a JSON array of their seq, recorded only while this
-- sender's claim holds: one statement for a run, not one per delivery.
UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = attempts + 1, last_status = :code,
       last_error = NULL, last_attempt_at = :now, delivered_at = :now, lease_until = NULL, claim = NULL
WHERE seq IN (SELECT CAST(jsonb_array_elements_text(CAST(:seqs AS jsonb)) AS BIGINT))
  AND claim = :claim AND status = 'SENDING';

-- name: delivery-due-subscriptions
-- Subscriptions whose first delivery still to make is due (or past its 24 hours) and not held by a live claim (its
-- lease ran out, or its instance is gone), with what sending needs. PostgreSQL's planner finds the head through
-- webhook_deliveries_open unaided (no INDEXED BY).
SELECT s.id, s.org_id, s.url, s.secret FROM webhook_subscriptions s
WHERE EXISTS (
    SELECT 1 FROM (SELECT d.next_attempt_at, d.expires_at, d.lease_until, d.claimed_by
                   FROM webhook_deliveries d
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
FROM webhook_deliveries
WHERE subscription_id = :subscription AND status IN ('PENDING', 'SENDING') ORDER BY seq LIMIT :limit;

-- name: delivery-release
-- Hands back the claimed deliveries a sender did not get to.
UPDATE webhook_deliveries SET status = 'PENDING', lease_until = NULL, claim = NULL
WHERE subscription_id = :subscription AND status IN ('PENDING', 'SENDING') AND claim = :claim AND status = 'SENDING';

-- name: delivery-backlog
-- Every organization's deliveries still to make, and how many of them are due now (metrics); the planner picks
-- the open deliveries' partial index unaided.
SELECT COUNT(*) AS pending,
       COALESCE(SUM(CASE WHEN next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
                         THEN 1 ELSE 0 END), 0) AS due
FROM webhook_deliveries WHERE status IN ('PENDING', 'SENDING');
