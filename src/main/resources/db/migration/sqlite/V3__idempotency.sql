-- Idempotent POSTs: the first response to each (API key, Idempotency-Key) is kept for 24 hours and replayed.
CREATE TABLE idempotency_keys (
    api_key_id   TEXT    NOT NULL,
    idem_key     TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (api_key_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
