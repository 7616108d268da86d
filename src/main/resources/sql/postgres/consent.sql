-- PostgreSQL's forms of statements of sql/consent.sql, by the same names.

-- name: form-address-lock
-- Serialises form posts for one mailbox (on any instance) until the first's transaction ends, so that concurrent
-- ones cannot both pass its daily cap.
SELECT 1 AS locked FROM (
    SELECT pg_advisory_xact_lock(hashtextextended('form ' || CAST(:org AS TEXT) || ' ' || CAST(:hash AS TEXT), 0))) AS l;
