-- PostgreSQL's form of sqlite/V36.
-- The plain-text part a SEND_EMAIL step gives for its HTML body (null: generated from the HTML at send time).
ALTER TABLE messages ADD COLUMN text_body TEXT;
