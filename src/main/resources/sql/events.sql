-- name: event-insert
-- A received event. With a client id, an event already stored under it wins: the unique index decides.
INSERT INTO events (id, org_id, contact_id, name, properties, occurred_at, received_at, client_id)
VALUES (:id, :org, :contact, :name, :properties, :occurredAt, :receivedAt, :clientId)
ON CONFLICT DO NOTHING;

-- name: event-by-client-id
-- The event an organization stored under the client's own id.
SELECT id, contact_id, name, properties, occurred_at, received_at FROM events
WHERE org_id = :org AND client_id = :clientId;

-- name: event-get
-- One event of an organization, by its id.
SELECT id, contact_id, name, properties, occurred_at, received_at FROM events WHERE org_id = :org AND id = :id;

-- name: event-list
-- A page of an organization's events, newest first.
SELECT id, contact_id, name, properties, occurred_at, received_at FROM events WHERE org_id = :org
ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: event-count
-- How many events an organization has.
SELECT COUNT(*) AS total FROM events WHERE org_id = :org;

-- name: event-list-contact
-- A page of one contact's events, newest first.
SELECT id, contact_id, name, properties, occurred_at, received_at FROM events
WHERE org_id = :org AND contact_id = :contact
ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: event-count-contact
-- How many events one contact has.
SELECT COUNT(*) AS total FROM events WHERE org_id = :org AND contact_id = :contact;

-- name: event-list-name
-- A page of an organization's events of one name, newest first.
SELECT id, contact_id, name, properties, occurred_at, received_at FROM events WHERE org_id = :org AND name = :name
ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: event-count-name
-- How many events of one name an organization has.
SELECT COUNT(*) AS total FROM events WHERE org_id = :org AND name = :name;

-- name: event-list-contact-name
-- A page of one contact's events of one name, newest first.
SELECT id, contact_id, name, properties, occurred_at, received_at FROM events
WHERE org_id = :org AND contact_id = :contact AND name = :name
ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset;

-- name: event-count-contact-name
-- How many events of one name one contact has.
SELECT COUNT(*) AS total FROM events WHERE org_id = :org AND contact_id = :contact AND name = :name;

-- name: event-contact-by-id
-- The id of the contact an event names by id, when it is the organization's.
SELECT id FROM contacts WHERE org_id = :org AND id = :id;

-- name: event-contact-by-email
-- The id of the contact an event names by email (compared lower-cased).
SELECT id FROM contacts WHERE org_id = :org AND email_lower = :emailLower;
