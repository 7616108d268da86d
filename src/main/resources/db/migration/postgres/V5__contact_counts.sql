-- PostgreSQL's form of sqlite/V5: the number of contacts per organization, kept by triggers.
CREATE TABLE contact_counts (
    org_id TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    total  BIGINT NOT NULL
);

INSERT INTO contact_counts (org_id, total) SELECT org_id, COUNT(*) FROM contacts GROUP BY org_id;

CREATE FUNCTION contact_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO contact_counts (org_id, total) VALUES (NEW.org_id, 1)
    ON CONFLICT (org_id) DO UPDATE SET total = contact_counts.total + 1;
    RETURN NULL;
END;
$$;

CREATE FUNCTION contact_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contact_counts SET total = total - 1 WHERE org_id = OLD.org_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts
    FOR EACH ROW EXECUTE FUNCTION contact_counts_insert();
CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts
    FOR EACH ROW EXECUTE FUNCTION contact_counts_delete();
