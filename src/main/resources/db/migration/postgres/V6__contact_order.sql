-- PostgreSQL's form of sqlite/V6: an organization's contacts in creation order (seq, SQLite's rowid).
CREATE INDEX contacts_org ON contacts (org_id, seq);
