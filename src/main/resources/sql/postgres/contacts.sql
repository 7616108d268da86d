-- PostgreSQL's forms of statements of sql/contacts.sql, by the same names. Creation order is the seq column
-- (SQLite's rowid); the search is ILIKE over the pg_trgm GIN index (SQLite's FTS5 trigram table), with the same
-- escaped pattern and the same bounded counts.

-- name: contact-get-with-tags
-- One contact of an organization with its tags by name as a JSON array of {id, name}: one statement for GET.
SELECT c.*,
       (SELECT COALESCE(json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name_lower), '[]')
        FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
        WHERE ct.contact_id = c.id) AS tags
FROM contacts c WHERE c.org_id = :org AND c.id = :id;

-- name: contact-list
-- A page of an organization's contacts, newest (last created) first, along the (org_id, seq) index.
SELECT * FROM contacts WHERE org_id = :org ORDER BY seq DESC LIMIT :limit OFFSET :offset;

-- name: contact-list-from-end
-- The same page counted from the oldest end (the caller reverses it).
SELECT * FROM contacts WHERE org_id = :org ORDER BY seq ASC LIMIT :limit OFFSET :offset;

-- name: contact-list-search
-- A page of contacts whose first name, last name or email contains the (escaped) pattern, case-insensitively.
SELECT * FROM contacts
WHERE org_id = :org
  AND (first_name ILIKE :pattern ESCAPE '\' OR last_name ILIKE :pattern ESCAPE '\' OR email ILIKE :pattern ESCAPE '\')
ORDER BY seq DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-search
-- How many contacts match a search, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contacts
    WHERE org_id = :org
      AND (first_name ILIKE :pattern ESCAPE '\' OR last_name ILIKE :pattern ESCAPE '\' OR email ILIKE :pattern ESCAPE '\')
    LIMIT :cap) AS matches;

-- name: contact-list-tag
-- A page of the contacts carrying a tag, newest first.
SELECT c.* FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
WHERE ct.tag_id = :tag AND c.org_id = :org
ORDER BY c.seq DESC LIMIT :limit OFFSET :offset;

-- name: contact-list-tag-search
-- A page of the contacts carrying a tag and matching a short search.
SELECT c.* FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
WHERE ct.tag_id = :tag AND c.org_id = :org
  AND (c.first_name ILIKE :pattern ESCAPE '\' OR c.last_name ILIKE :pattern ESCAPE '\' OR c.email ILIKE :pattern ESCAPE '\')
ORDER BY c.seq DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-tag-search
-- How many contacts carry a tag and match a short search, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
    WHERE ct.tag_id = :tag AND c.org_id = :org
      AND (c.first_name ILIKE :pattern ESCAPE '\' OR c.last_name ILIKE :pattern ESCAPE '\' OR c.email ILIKE :pattern ESCAPE '\')
    LIMIT :cap) AS matches;

-- name: contact-list-fts
-- A page of contacts containing a term of 3+ characters: the trigram index finds the candidates.
SELECT * FROM contacts
WHERE org_id = :org
  AND (first_name ILIKE :pattern ESCAPE '\' OR last_name ILIKE :pattern ESCAPE '\' OR email ILIKE :pattern ESCAPE '\')
ORDER BY seq DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-fts
-- How many contacts contain the term, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contacts
    WHERE org_id = :org
      AND (first_name ILIKE :pattern ESCAPE '\' OR last_name ILIKE :pattern ESCAPE '\' OR email ILIKE :pattern ESCAPE '\')
    LIMIT :cap) AS matches;

-- name: contact-list-tag-fts
-- A page of the contacts carrying a tag and containing the term.
SELECT c.* FROM contacts c
WHERE c.org_id = :org
  AND (c.first_name ILIKE :pattern ESCAPE '\' OR c.last_name ILIKE :pattern ESCAPE '\' OR c.email ILIKE :pattern ESCAPE '\')
  AND EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = :tag)
ORDER BY c.seq DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-tag-fts
-- How many contacts carry a tag and contain the term, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contacts c
    WHERE c.org_id = :org
      AND (c.first_name ILIKE :pattern ESCAPE '\' OR c.last_name ILIKE :pattern ESCAPE '\' OR c.email ILIKE :pattern ESCAPE '\')
      AND EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = :tag)
    LIMIT :cap) AS matches;
