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

-- The trigram index behind q: LIKE '%…%' on search uses it.
CREATE VIRTUAL TABLE catalog_search USING fts5 (
    search, content = 'catalog_entries', content_rowid = 'rowid', tokenize = 'trigram'
);
-- +goose StatementBegin
CREATE TRIGGER catalog_entries_ai AFTER INSERT ON catalog_entries BEGIN
    INSERT INTO catalog_search (rowid, search) VALUES (new.rowid, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_entries_ad AFTER DELETE ON catalog_entries BEGIN
    INSERT INTO catalog_search (catalog_search, rowid, search) VALUES ('delete', old.rowid, old.search);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER catalog_entries_ad;
DROP TRIGGER catalog_entries_ai;
DROP TABLE catalog_search;
DROP TABLE catalog_entries;
DROP TABLE catalogs;
