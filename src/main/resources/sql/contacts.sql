-- name: contact-insert
-- A new contact; the unique index on (org_id, email_lower) refuses a duplicate email.
INSERT INTO contacts (id, org_id, email, email_lower, first_name, last_name, company, job_title, country, city,
                      source, lifecycle_stage, lead_score, engagement_score, custom_fields, created_at, updated_at)
VALUES (:id, :org, :email, :emailLower, :firstName, :lastName, :company, :jobTitle, :country, :city,
        :source, :lifecycleStage, :leadScore, :engagementScore, :customFields, :createdAt, :updatedAt);

-- name: contact-get
-- One contact of an organization.
SELECT * FROM contacts WHERE org_id = :org AND id = :id;

-- name: contact-get-with-tags
-- One contact of an organization with its tags by name as a JSON array of {id, name}: one statement for GET.
SELECT c.*,
       (SELECT json_group_array(json_object('id', t.id, 'name', t.name))
        FROM (SELECT t.id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
              WHERE ct.contact_id = c.id ORDER BY t.name_lower) t) AS tags
FROM contacts c WHERE c.org_id = :org AND c.id = :id;

-- name: contact-update
-- Writes every mutable column of a contact (the caller merged the changes).
UPDATE contacts
SET email = :email, email_lower = :emailLower, first_name = :firstName, last_name = :lastName,
    company = :company, job_title = :jobTitle, country = :country, city = :city, source = :source,
    lifecycle_stage = :lifecycleStage, lead_score = :leadScore, engagement_score = :engagementScore,
    custom_fields = :customFields, updated_at = :updatedAt
WHERE org_id = :org AND id = :id;

-- name: contact-delete
-- Erases a contact; tags, enrollments, history and messages go with it by ON DELETE CASCADE.
DELETE FROM contacts WHERE org_id = :org AND id = :id;

-- name: contact-list
-- A page of an organization's contacts, newest (last created) first. The inner query walks only the (org_id)
-- index, so a deep page skips index entries rather than table rows.
SELECT * FROM contacts
WHERE rowid IN (SELECT rowid FROM contacts WHERE org_id = :org ORDER BY rowid DESC LIMIT :limit OFFSET :offset)
ORDER BY rowid DESC;

-- name: contact-list-from-end
-- The same page counted from the oldest end (the caller reverses it): a page past the middle skips fewer entries.
SELECT * FROM contacts
WHERE rowid IN (SELECT rowid FROM contacts WHERE org_id = :org ORDER BY rowid ASC LIMIT :limit OFFSET :offset)
ORDER BY rowid ASC;

-- name: contact-count
-- How many contacts an organization has (kept by triggers in contact_counts).
SELECT COALESCE((SELECT total FROM contact_counts WHERE org_id = :org), 0) AS total;

-- name: contact-list-search
-- A page of contacts whose first name, last name or email contains the (escaped) pattern: a scan in list order
-- that stops once the page is full (for terms too short for the search index).
SELECT * FROM contacts
WHERE org_id = :org
  AND (first_name LIKE :pattern ESCAPE '\' OR last_name LIKE :pattern ESCAPE '\' OR email LIKE :pattern ESCAPE '\')
ORDER BY rowid DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-search
-- How many contacts match a search, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contacts
    WHERE org_id = :org
      AND (first_name LIKE :pattern ESCAPE '\' OR last_name LIKE :pattern ESCAPE '\' OR email LIKE :pattern ESCAPE '\')
    LIMIT :cap) AS matches;

-- name: contact-list-tag
-- A page of the contacts carrying a tag, newest first.
SELECT c.* FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
WHERE ct.tag_id = :tag AND c.org_id = :org
ORDER BY c.rowid DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-tag
-- How many contacts carry a tag.
SELECT COUNT(*) AS total FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
WHERE ct.tag_id = :tag AND c.org_id = :org;

-- name: contact-list-tag-search
-- A page of the contacts carrying a tag and matching a short search.
SELECT c.* FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
WHERE ct.tag_id = :tag AND c.org_id = :org
  AND (c.first_name LIKE :pattern ESCAPE '\' OR c.last_name LIKE :pattern ESCAPE '\' OR c.email LIKE :pattern ESCAPE '\')
ORDER BY c.rowid DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-tag-search
-- How many contacts carry a tag and match a short search, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
    WHERE ct.tag_id = :tag AND c.org_id = :org
      AND (c.first_name LIKE :pattern ESCAPE '\' OR c.last_name LIKE :pattern ESCAPE '\' OR c.email LIKE :pattern ESCAPE '\')
    LIMIT :cap) AS matches;

-- name: contact-list-fts
-- A page of contacts whose first name, last name or email contains the term (an FTS5 trigram phrase). The index
-- is read newest first (its rowids are the contacts') and stops once the page is full: CROSS JOIN keeps that order
-- of the join whatever the planner's estimates.
SELECT c.* FROM contacts_fts f CROSS JOIN contacts c ON c.rowid = f.rowid
WHERE contacts_fts MATCH :phrase AND c.org_id = :org
ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-fts
-- How many contacts contain the term, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contacts_fts f CROSS JOIN contacts c ON c.rowid = f.rowid
    WHERE contacts_fts MATCH :phrase AND c.org_id = :org
    LIMIT :cap) AS matches;

-- name: contact-list-tag-fts
-- A page of the contacts carrying a tag and containing the term.
SELECT c.* FROM contacts_fts f CROSS JOIN contacts c ON c.rowid = f.rowid
WHERE contacts_fts MATCH :phrase AND c.org_id = :org
  AND EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = :tag)
ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset;

-- name: contact-count-tag-fts
-- How many contacts carry a tag and contain the term, counted up to :cap.
SELECT COUNT(*) AS total FROM (
    SELECT 1 FROM contacts_fts f CROSS JOIN contacts c ON c.rowid = f.rowid
    WHERE contacts_fts MATCH :phrase AND c.org_id = :org
      AND EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = :tag)
    LIMIT :cap) AS matches;

-- name: contact-by-email
-- The contact with an email (case-insensitively), for upserts.
SELECT * FROM contacts WHERE org_id = :org AND email_lower = :emailLower;

-- name: contact-unsubscribe
-- Marks a contact unsubscribed (an unsubscribe link or header), its consent withdrawn; a second time changes nothing.
UPDATE contacts SET unsubscribed_at = :now, consent_status = 'WITHDRAWN', updated_at = :now
WHERE org_id = :org AND id = :id AND unsubscribed_at IS NULL;

-- name: contact-resubscribe
-- Takes back a contact's unsubscribe (the re-subscribe button, or its suppression entry deleted).
UPDATE contacts SET unsubscribed_at = NULL, updated_at = :now
WHERE org_id = :org AND id = :id AND unsubscribed_at IS NOT NULL;

-- name: contact-consent-set
-- Moves a contact's consent to a new status; confirmedAt, ip and userAgent are only set by a confirmation.
UPDATE contacts
SET consent_status = :status, consent_source = COALESCE(:source, consent_source),
    consent_confirmed_at = :confirmedAt, consent_ip = :ip, consent_user_agent = :userAgent,
    consent_text = COALESCE(:text, consent_text), updated_at = :now
WHERE org_id = :org AND id = :id;
