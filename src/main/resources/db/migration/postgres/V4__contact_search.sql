-- PostgreSQL's form of sqlite/V4: contact search. Where SQLite keeps an FTS5 trigram table, PostgreSQL keeps a
-- pg_trgm GIN index over first name, last name and email, which serves the same literal, case-insensitive
-- substring match (ILIKE '%term%') for terms of 3 or more characters. pg_trgm is a trusted extension: the
-- database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX contacts_search ON contacts
    USING gin (first_name gin_trgm_ops, last_name gin_trgm_ops, email gin_trgm_ops);
