-- PostgreSQL's forms of statements of sql/tags.sql, by the same names: its LIKE is case-sensitive, ILIKE is not
-- (as SQLite's LIKE).

-- name: tag-list-search
-- A page of tags whose name contains the (escaped) pattern.
SELECT id, name, created_at FROM tags WHERE org_id = :org AND name ILIKE :pattern ESCAPE '\'
ORDER BY name_lower, id LIMIT :limit OFFSET :offset;

-- name: tag-count-search
-- How many tags match a search.
SELECT COUNT(*) AS total FROM tags WHERE org_id = :org AND name ILIKE :pattern ESCAPE '\';
