-- +goose Up
-- Substring search (q) from the pg_trgm indexes (store/postgres/
-- catalog_search.go).
--
-- catalog_grams counts, per imported catalog, the entries whose search text
-- holds each string of one or two characters: the total of a query that
-- short, which pg_trgm cannot find. The import writes it; a catalog
-- imported before has no row here and is searched by reading it.
CREATE TABLE catalog_grams (
    catalog TEXT COLLATE "C" NOT NULL,
    gram    TEXT COLLATE "C" NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (catalog, gram)
);

-- Clients are written one at a time: without the pending list, every
-- search would read it to its end (up to gin_pending_list_limit) before
-- the index proper. Live clients only, and the name filter too.
DROP INDEX clients_search;
CREATE INDEX clients_search ON clients USING gin (search gin_trgm_ops)
    WITH (fastupdate = off) WHERE deleted_at IS NULL;
CREATE INDEX clients_name_search ON clients USING gin (name_search gin_trgm_ops)
    WITH (fastupdate = off) WHERE deleted_at IS NULL;

-- +goose Down
DROP INDEX clients_name_search;
DROP INDEX clients_search;
CREATE INDEX clients_search ON clients USING gin (search gin_trgm_ops);
DROP TABLE catalog_grams;
