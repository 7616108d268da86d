-- PostgreSQL's form of sqlite/V45.
-- Issue #18 item 1: what a contact's field values may change in an email. html (0 or 1) says whether the message's
-- saved template is HTML: a plain-text template goes out as text even when a value holds a tag. links is the JSON
-- array of the http(s) links its template wrote (rendered), the only ones tracked and redirected to. Both are null
-- for a message queued before this version: it is then judged by its body, as it was.
ALTER TABLE messages ADD COLUMN html INTEGER;
ALTER TABLE messages ADD COLUMN links TEXT;
