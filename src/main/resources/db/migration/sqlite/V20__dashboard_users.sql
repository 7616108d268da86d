-- People who sign in to the dashboard, and their server-side sessions.

-- A user belongs to one organization; sign-in is by email alone, so an email is unique across the server.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    org_id        TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email         TEXT    NOT NULL,
    email_lower   TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'member')),
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_org ON users (org_id, created_at);

-- A session is found by the SHA-256 of its cookie value: a copy of the database holds no usable session.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
