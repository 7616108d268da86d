-- PostgreSQL's forms of statements of sql/webhooks.sql, by the same names: :seqs is a JSON array of numbers.

-- name: delivery-delivered
-- Deliveries the receiver accepted with one status (2xx), by a JSON array of their seq, recorded only while this
-- sender's claim holds: one statement for a run, not one per delivery.
UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = attempts + 1, last_status = :code,
       last_error = NULL, last_attempt_at = :now, delivered_at = :now, lease_until = NULL, claim = NULL
WHERE seq IN (SELECT CAST(jsonb_array_elements_text(CAST(:seqs AS jsonb)) AS BIGINT))
  AND claim = :claim AND status = 'SENDING';
