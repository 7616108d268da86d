-- name: user-insert
-- A new dashboard user; only the password's bcrypt hash is stored.
INSERT INTO users (id, org_id, email, email_lower, password_hash, role, created_at)
VALUES (:id, :org, :email, :emailLower, :hash, :role, :now);

-- name: user-get
-- One user by id.
SELECT id, org_id, email, password_hash, role, created_at FROM users WHERE id = :id;

-- name: user-by-email
-- The user signing in, by lower-cased email.
SELECT id, org_id, email, password_hash, role, created_at FROM users WHERE email_lower = :emailLower;

-- name: user-list
-- The users of one organization, oldest first.
SELECT id, org_id, email, password_hash, role, created_at FROM users WHERE org_id = :org ORDER BY created_at, id;

-- name: user-delete
-- Removes a user; its sessions go with it (ON DELETE CASCADE).
DELETE FROM users WHERE id = :id;

-- name: user-set-password
-- Replaces a user's password hash.
UPDATE users SET password_hash = :hash WHERE id = :id;

-- name: user-set-role
-- Changes a user's role.
UPDATE users SET role = :role WHERE id = :id;

-- name: user-admin-count
-- How many admins an organization has (the last one cannot be removed or demoted).
SELECT COUNT(*) AS total FROM users WHERE org_id = :org AND role = 'admin';

-- name: session-insert
-- A new session for a user who just signed in.
INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
VALUES (:hash, :user, :csrf, :now, :now);

-- name: session-get
-- A session with its user, by the hash of the cookie value.
SELECT s.id_hash, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at,
       u.id, u.org_id, u.email, u.password_hash, u.role, u.created_at
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = :hash;

-- name: session-touch
-- Records activity on a session (coalesced by the caller to once a minute).
UPDATE sessions SET last_seen_at = :now WHERE id_hash = :hash;

-- name: session-delete
-- Ends one session (sign-out, or expiry found on use).
DELETE FROM sessions WHERE id_hash = :hash;

-- name: session-delete-user
-- Ends every session of a user (password reset).
DELETE FROM sessions WHERE user_id = :user;

-- name: session-delete-expired
-- Drops sessions past their idle or absolute limit.
DELETE FROM sessions WHERE last_seen_at < :idleBefore OR created_at < :createdBefore;

-- name: user-org-exists
-- Whether the organization a new user is for exists.
SELECT 1 AS one FROM organizations WHERE id = :id;
