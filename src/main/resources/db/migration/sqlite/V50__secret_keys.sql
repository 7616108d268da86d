-- Secrets at rest (docs/security.md): the stored secrets are sealed with the server's key, and each envelope names
-- its key by id. This table lists the ids of the keys that sealed values here: a server is refused at start unless
-- it holds every one, so a wrong or missing key is a clear error at once, not a failing signature later.
-- `secrets rotate` re-encrypts everything with the current key and then forgets the others.
CREATE TABLE secret_keys (
    key_id     TEXT    PRIMARY KEY,
    created_at INTEGER NOT NULL
);
