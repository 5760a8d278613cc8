-- +goose Up
-- Substring search (q) from trigram indexes (store/sqlite/catalog_query.go,
-- client_search.go).
--
-- catalog_grams counts, per imported catalog, the entries whose search text
-- holds each string of one or two characters: the total of a query that
-- short, which no trigram index finds. The import writes it with the
-- catalog's trigram index, catalog_trigram_<hex of the name>; a catalog
-- imported before has neither and is searched by reading it.
CREATE TABLE catalog_grams (
    catalog TEXT    NOT NULL,
    gram    TEXT    NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (catalog, gram)
) STRICT, WITHOUT ROWID;

-- Clients have no integer key (WITHOUT ROWID), which FTS5 needs:
-- client_search gives each live client one, and client_fts indexes the
-- trigrams of its search and name_search texts. Triggers on clients keep
-- both in step in the transaction of every write; a deleted client leaves.
CREATE TABLE client_search (
    n           INTEGER NOT NULL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    team_id     TEXT    NOT NULL,
    livemode    INTEGER NOT NULL,
    search      TEXT    NOT NULL,
    name_search TEXT    NOT NULL
) STRICT;
CREATE VIRTUAL TABLE client_fts USING fts5 (search, name_search, content = 'client_search',
    content_rowid = 'n', detail = full, columnsize = 0, tokenize = 'trigram case_sensitive 1');
INSERT INTO client_search (id, team_id, livemode, search, name_search)
    SELECT id, team_id, livemode, search, name_search FROM clients WHERE deleted_at IS NULL;
INSERT INTO client_fts (client_fts) VALUES ('rebuild');

-- +goose StatementBegin
CREATE TRIGGER client_search_insert AFTER INSERT ON client_search BEGIN
    INSERT INTO client_fts (rowid, search, name_search) VALUES (new.n, new.search, new.name_search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER client_search_delete AFTER DELETE ON client_search BEGIN
    INSERT INTO client_fts (client_fts, rowid, search, name_search)
        VALUES ('delete', old.n, old.search, old.name_search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_search_insert AFTER INSERT ON clients WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO client_search (id, team_id, livemode, search, name_search)
        VALUES (new.id, new.team_id, new.livemode, new.search, new.name_search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_search_update AFTER UPDATE OF search, name_search, deleted_at ON clients
    WHEN old.search IS NOT new.search OR old.name_search IS NOT new.name_search
        OR old.deleted_at IS NOT new.deleted_at BEGIN
    DELETE FROM client_search WHERE id = old.id;
    INSERT INTO client_search (id, team_id, livemode, search, name_search)
        SELECT new.id, new.team_id, new.livemode, new.search, new.name_search WHERE new.deleted_at IS NULL;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_search_delete AFTER DELETE ON clients BEGIN
    DELETE FROM client_search WHERE id = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER clients_search_delete;
DROP TRIGGER clients_search_update;
DROP TRIGGER clients_search_insert;
DROP TABLE client_fts;
DROP TABLE client_search;
DROP TABLE catalog_grams;
