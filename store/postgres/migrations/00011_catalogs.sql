-- +goose Up
-- Imported SAT catalogs (sello catalogs import). The small catalogs are
-- built into package sat and are not stored.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE catalogs (
    name        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    row_count   INTEGER     NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE catalog_entries (
    catalog     TEXT COLLATE "C" NOT NULL REFERENCES catalogs (name),
    code        TEXT COLLATE "C" NOT NULL,
    description TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    extra       TEXT NOT NULL, -- JSON object of the other columns
    search      TEXT NOT NULL, -- folded code, description, similar words
    PRIMARY KEY (catalog, code)
);
CREATE INDEX catalog_entries_search ON catalog_entries USING gin (search gin_trgm_ops);

-- +goose Down
DROP TABLE catalog_entries;
DROP TABLE catalogs;
