-- Contact search: an FTS5 trigram index over first name, last name and email, kept by triggers in the same
-- transaction as every write, so it agrees with the table after any crash. A search term of 3 or more characters
-- is a phrase query on it (a literal, case-insensitive substring match).
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    first_name, last_name, email,
    content = 'contacts', content_rowid = 'rowid', tokenize = 'trigram'
);

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, first_name, last_name, email)
    VALUES (new.rowid, new.first_name, new.last_name, new.email);
END;

CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, first_name, last_name, email)
    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email);
END;

CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, email ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, first_name, last_name, email)
    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email);
    INSERT INTO contacts_fts (rowid, first_name, last_name, email)
    VALUES (new.rowid, new.first_name, new.last_name, new.email);
END;

INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
