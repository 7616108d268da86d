-- name: bounce-replay-insert
-- Remembers an accepted bounce post; no row inserted means it was accepted before (a replay).
INSERT INTO bounce_replays (replay_key, expires_at) VALUES (:key, :expires) ON CONFLICT (replay_key) DO NOTHING;

-- name: bounce-replay-expire
-- Forgets posts whose timestamp has left the window: the window refuses them by itself from then on.
DELETE FROM bounce_replays WHERE expires_at < :now;
