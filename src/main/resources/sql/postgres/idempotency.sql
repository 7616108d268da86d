-- PostgreSQL's forms of statements of sql/idempotency.sql, by the same names.

-- name: idempotency-lock
-- Serialises concurrent requests with one key (on any instance) until the first's transaction ends.
SELECT 1 AS locked FROM (
    SELECT pg_advisory_xact_lock(hashtextextended(CAST(:keyId AS TEXT) || ' ' || CAST(:key AS TEXT), 0))) AS l;
