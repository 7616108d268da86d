-- Server instances and their heartbeats (issue 12, crash recovery in seconds): each serving process keeps a row and
-- beats every second; claims name their instance, and a claim whose instance has no row is free at once, without
-- waiting for its lease. A row whose heartbeat is a few seconds old, or whose process is gone from this host, is
-- deleted by the next instance to look.
CREATE TABLE instances (
    id           TEXT PRIMARY KEY,
    host         TEXT NOT NULL,
    pid          BIGINT NOT NULL,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

ALTER TABLE enrollments ADD COLUMN claimed_by TEXT;
ALTER TABLE messages ADD COLUMN claimed_by TEXT;
