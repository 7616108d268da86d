-- Organizations, API keys, contacts, tags, workflows, segments and enrollments.
-- Timestamps are epoch milliseconds (INTEGER); ids are opaque text; JSON documents are TEXT.

CREATE TABLE organizations (
    id             TEXT PRIMARY KEY,
    name           TEXT    NOT NULL,
    webhook_secret TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    org_id       TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    key_hash     TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    scopes       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_keys_org ON api_keys (org_id, created_at);

CREATE TABLE contacts (
    id               TEXT PRIMARY KEY,
    org_id           TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    email_lower      TEXT    NOT NULL,
    first_name       TEXT,
    last_name        TEXT,
    company          TEXT,
    job_title        TEXT,
    country          TEXT,
    city             TEXT,
    source           TEXT,
    lifecycle_stage  TEXT    NOT NULL,
    lead_score       INTEGER NOT NULL DEFAULT 0,
    engagement_score INTEGER NOT NULL DEFAULT 0,
    custom_fields    TEXT    NOT NULL DEFAULT '{}',
    unsubscribed_at  INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
-- Email is unique per organization case-insensitively: stored as given, compared lower-cased.
CREATE UNIQUE INDEX contacts_org_email ON contacts (org_id, email_lower);
-- Newest first, id as tie-break: the list order.
CREATE INDEX contacts_org_created ON contacts (org_id, created_at DESC, id DESC);

CREATE TABLE tags (
    id         TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    name_lower TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX tags_org_name ON tags (org_id, name_lower);

CREATE TABLE contact_tags (
    contact_id TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     TEXT    NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_tag ON contact_tags (tag_id, contact_id);

CREATE TABLE workflows (
    id         TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX workflows_org ON workflows (org_id, created_at DESC, id DESC);

-- A step's type-specific fields are a JSON document; segment_id is copied out so a segment in use can be found.
CREATE TABLE workflow_steps (
    id          TEXT PRIMARY KEY,
    workflow_id TEXT    NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    config      TEXT    NOT NULL,
    segment_id  TEXT,
    UNIQUE (workflow_id, position)
);
CREATE INDEX workflow_steps_segment ON workflow_steps (segment_id) WHERE segment_id IS NOT NULL;

-- Groups and rules are one JSON document: they are always read and replaced whole.
CREATE TABLE segments (
    id         TEXT PRIMARY KEY,
    org_id     TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    definition TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX segments_org ON segments (org_id, created_at DESC, id DESC);

CREATE TABLE enrollments (
    id           TEXT PRIMARY KEY,
    org_id       TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id  TEXT    NOT NULL REFERENCES workflows (id),
    contact_id   TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL,
    current_step INTEGER NOT NULL DEFAULT 0,
    next_run_at  INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    completed_at INTEGER
);
-- A contact is ACTIVE at most once per workflow, enforced by the database even under concurrent requests.
CREATE UNIQUE INDEX enrollments_one_active ON enrollments (workflow_id, contact_id) WHERE status = 'ACTIVE';
-- The engine finds due work through this index.
CREATE INDEX enrollments_due ON enrollments (next_run_at) WHERE status = 'ACTIVE';
CREATE INDEX enrollments_org ON enrollments (org_id, created_at DESC, id DESC);
CREATE INDEX enrollments_contact ON enrollments (contact_id);
CREATE INDEX enrollments_workflow ON enrollments (workflow_id, status);

CREATE TABLE enrollment_history (
    id            TEXT PRIMARY KEY,
    enrollment_id TEXT    NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    step_id       TEXT,
    step_type     TEXT    NOT NULL,
    step_order    INTEGER NOT NULL,
    outcome       TEXT    NOT NULL,
    detail        TEXT,
    executed_at   INTEGER NOT NULL
);
CREATE INDEX enrollment_history_enrollment ON enrollment_history (enrollment_id, executed_at);
