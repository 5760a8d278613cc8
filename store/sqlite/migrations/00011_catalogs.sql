-- +goose Up
-- Imported SAT catalogs (sello catalogs import). The small catalogs are
-- built into package sat and are not stored.
CREATE TABLE catalogs (
    name        TEXT    NOT NULL PRIMARY KEY,
    row_count   INTEGER NOT NULL,
    imported_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE catalog_entries (
    catalog     TEXT NOT NULL REFERENCES catalogs (name),
    code        TEXT NOT NULL,
    description TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    extra       TEXT NOT NULL, -- JSON object of the other columns
    search      TEXT NOT NULL, -- folded code, description, similar words
    PRIMARY KEY (catalog, code)
) STRICT;

-- The full-text index behind q: the words of the folded search text,
-- matched by prefix, plus one token naming the catalog ("§claveprodserv";
-- no query word can hold §). Entries are inserted in code order, so within a
-- catalog rowid order is code order and a page streams from the index.
-- (A trigram index would match any substring but costs ten times more to
-- build: 150,000 rows take over 10 s.)
CREATE VIRTUAL TABLE catalog_search USING fts5 (
    search, content = 'catalog_entries', content_rowid = 'rowid', detail = none, columnsize = 0,
    tokenize = "unicode61 tokenchars '§'"
);
INSERT INTO catalog_search (catalog_search, rank) VALUES ('automerge', 0);
-- +goose StatementBegin
CREATE TRIGGER catalog_entries_ai AFTER INSERT ON catalog_entries BEGIN
    INSERT INTO catalog_search (rowid, search)
    VALUES (new.rowid, '§' || lower(substr(new.catalog, 3)) || ' ' || new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_entries_ad AFTER DELETE ON catalog_entries BEGIN
    INSERT INTO catalog_search (catalog_search, rowid, search)
    VALUES ('delete', old.rowid, '§' || lower(substr(old.catalog, 3)) || ' ' || old.search);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER catalog_entries_ad;
DROP TRIGGER catalog_entries_ai;
DROP TABLE catalog_search;
DROP TABLE catalog_entries;
DROP TABLE catalogs;
