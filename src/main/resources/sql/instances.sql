-- name: ready-ping
-- The readiness probe's query: the database answers.
SELECT 1 AS one;
