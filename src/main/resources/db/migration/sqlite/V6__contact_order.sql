-- Contacts are listed newest first in the order they were created: SQLite's rowid, which every index carries as its
-- last column. (org_id) is therefore an index in list order, half the size of the (org_id, created_at, id) one it
-- replaces, and the search index (whose rowids are the contacts') can be read in the same order and stop after a
-- page instead of sorting every match.
CREATE INDEX contacts_org ON contacts (org_id);
DROP INDEX contacts_org_created;
