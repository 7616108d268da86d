-- name: tag-insert
-- A new tag; the unique index on (org_id, name_lower) refuses a duplicate name.
INSERT INTO tags (id, org_id, name, name_lower, created_at, updated_at)
VALUES (:id, :org, :name, :nameLower, :now, :now);

-- name: tag-get
-- One tag of an organization.
SELECT id, name, created_at FROM tags WHERE org_id = :org AND id = :id;

-- name: tag-rename
-- Renames a tag.
UPDATE tags SET name = :name, name_lower = :nameLower, updated_at = :now WHERE org_id = :org AND id = :id;

-- name: tag-delete
-- Deletes a tag; contact_tags rows go with it by ON DELETE CASCADE.
DELETE FROM tags WHERE org_id = :org AND id = :id;

-- name: tag-list
-- A page of an organization's tags by name.
SELECT id, name, created_at FROM tags WHERE org_id = :org
ORDER BY name_lower, id LIMIT :limit OFFSET :offset;

-- name: tag-count
-- How many tags an organization has.
SELECT COUNT(*) AS total FROM tags WHERE org_id = :org;

-- name: tag-list-search
-- A page of tags whose name contains the (escaped) pattern.
SELECT id, name, created_at FROM tags WHERE org_id = :org AND name LIKE :pattern ESCAPE '\'
ORDER BY name_lower, id LIMIT :limit OFFSET :offset;

-- name: tag-count-search
-- How many tags match a search.
SELECT COUNT(*) AS total FROM tags WHERE org_id = :org AND name LIKE :pattern ESCAPE '\';

-- name: contact-tag-add
-- Puts a tag on a contact; a tag already there is left alone.
INSERT INTO contact_tags (contact_id, tag_id, created_at) VALUES (:contact, :tag, :now)
ON CONFLICT (contact_id, tag_id) DO NOTHING;

-- name: contact-tag-remove
-- Takes a tag off a contact.
DELETE FROM contact_tags WHERE contact_id = :contact AND tag_id = :tag;

-- name: contact-exists
-- Whether a contact exists in an organization.
SELECT id FROM contacts WHERE org_id = :org AND id = :id;

-- name: tag-by-name
-- The tag with a name (compared lower-cased), for imports.
SELECT id, name, created_at FROM tags WHERE org_id = :org AND name_lower = :nameLower;

-- name: tag-contact-counts
-- The organization's tags by name, each with how many contacts carry it (from the tag's index).
SELECT t.id, t.name, t.created_at,
       (SELECT COUNT(*) FROM contact_tags ct WHERE ct.tag_id = t.id) AS contacts
FROM tags t WHERE t.org_id = :org ORDER BY t.name_lower LIMIT :limit;
