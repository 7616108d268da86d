-- name: ready-ping
-- The readiness probe's query: the database answers.
SELECT 1 AS one;

-- name: instance-insert
-- A serving process registers itself (or again, after others took it for dead during a long stall).
INSERT INTO instances (id, host, pid, started_at, heartbeat_at) VALUES (:id, :host, :pid, :now, :now)
ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at;

-- name: instance-others-here
-- The other instances registered from this host, whose processes can be checked directly.
SELECT id, pid, started_at FROM instances WHERE host = :host AND id <> :id;

-- name: instance-delete
-- Forgets an instance: it stopped, or it is dead; the claims naming it are free from now on.
DELETE FROM instances WHERE id = :id;

-- name: instance-delete-stale
-- Forgets every other instance whose heartbeat is older than :stale: its process died or is cut off.
DELETE FROM instances WHERE heartbeat_at < :stale AND id <> :id;
