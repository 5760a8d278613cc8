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

-- Each imported catalog has its own full-text index, catalog_fts_<hex of
-- the name>, created by the import (store/sqlite/catalog.go).

-- +goose Down
DROP TABLE catalog_entries;
DROP TABLE catalogs;
