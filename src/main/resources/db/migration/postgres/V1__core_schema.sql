-- PostgreSQL's form of sqlite/V1: the same tables, columns and indexes. Timestamps are epoch milliseconds (BIGINT);
-- ids are opaque text; JSON documents are TEXT, except contacts' custom fields (jsonb, which segment rules read).
-- Contacts carry seq, a bigserial in creation order: SQLite's rowid, which the list is ordered by.

CREATE TABLE organizations (
    id             TEXT PRIMARY KEY,
    name           TEXT   NOT NULL,
    webhook_secret TEXT   NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    org_id       TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    key_hash     TEXT   NOT NULL UNIQUE,
    prefix       TEXT   NOT NULL,
    scopes       TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_org ON api_keys (org_id, created_at);

CREATE TABLE contacts (
    seq              BIGSERIAL UNIQUE,
    id               TEXT PRIMARY KEY,
    org_id           TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            TEXT   NOT NULL,
    email_lower      TEXT   NOT NULL,
    first_name       TEXT,
    last_name        TEXT,
    company          TEXT,
    job_title        TEXT,
    country          TEXT,
    city             TEXT,
    source           TEXT,
    lifecycle_stage  TEXT   NOT NULL,
    lead_score       BIGINT NOT NULL DEFAULT 0,
    engagement_score BIGINT NOT NULL DEFAULT 0,
    custom_fields    JSONB  NOT NULL DEFAULT '{}',
    unsubscribed_at  BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
-- Email is unique per organization case-insensitively: stored as given, compared lower-cased (email_lower is
-- lower(email), written by the server as on SQLite).
CREATE UNIQUE INDEX contacts_org_email ON contacts (org_id, email_lower);

CREATE TABLE tags (
    id         TEXT PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    name_lower TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX tags_org_name ON tags (org_id, name_lower);

CREATE TABLE contact_tags (
    contact_id TEXT   NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     TEXT   NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_tag ON contact_tags (tag_id, contact_id);

CREATE TABLE workflows (
    id         TEXT PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    status     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX workflows_org ON workflows (org_id, created_at DESC, id DESC);

CREATE TABLE workflow_steps (
    id          TEXT PRIMARY KEY,
    workflow_id TEXT   NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    type        TEXT   NOT NULL,
    config      TEXT   NOT NULL,
    segment_id  TEXT,
    UNIQUE (workflow_id, position)
);
CREATE INDEX workflow_steps_segment ON workflow_steps (segment_id) WHERE segment_id IS NOT NULL;

CREATE TABLE segments (
    id         TEXT PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    definition TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX segments_org ON segments (org_id, created_at DESC, id DESC);

CREATE TABLE enrollments (
    id           TEXT PRIMARY KEY,
    org_id       TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id  TEXT   NOT NULL REFERENCES workflows (id),
    contact_id   TEXT   NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status       TEXT   NOT NULL,
    current_step BIGINT NOT NULL DEFAULT 0,
    next_run_at  BIGINT,
    attempts     BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    completed_at BIGINT
);
CREATE UNIQUE INDEX enrollments_one_active ON enrollments (workflow_id, contact_id) WHERE status = 'ACTIVE';
CREATE INDEX enrollments_due ON enrollments (next_run_at) WHERE status = 'ACTIVE';
CREATE INDEX enrollments_org ON enrollments (org_id, created_at DESC, id DESC);
CREATE INDEX enrollments_contact ON enrollments (contact_id);
CREATE INDEX enrollments_workflow ON enrollments (workflow_id, status);

-- seq orders steps executed in the same millisecond, as SQLite's rowid does.
CREATE TABLE enrollment_history (
    seq           BIGSERIAL,
    id            TEXT PRIMARY KEY,
    enrollment_id TEXT   NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    step_id       TEXT,
    step_type     TEXT   NOT NULL,
    step_order    BIGINT NOT NULL,
    outcome       TEXT   NOT NULL,
    detail        TEXT,
    executed_at   BIGINT NOT NULL
);
CREATE INDEX enrollment_history_enrollment ON enrollment_history (enrollment_id, executed_at, seq);
