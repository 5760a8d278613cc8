-- +goose Up
-- Client search (q) without scanning the team: client_search holds one row
-- per live client with an integer key, and client_fts, an FTS5 index over
-- it, finds a word prefix among all clients. Triggers on clients keep both
-- in step in the transaction of every write; a deleted client leaves them.
CREATE TABLE client_search (
    n        INTEGER NOT NULL PRIMARY KEY,
    id       TEXT    NOT NULL UNIQUE,
    team_id  TEXT    NOT NULL,
    livemode INTEGER NOT NULL,
    search   TEXT    NOT NULL
) STRICT;
CREATE VIRTUAL TABLE client_fts USING fts5 (search, content = 'client_search', content_rowid = 'n',
    detail = none, columnsize = 0, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO client_search (id, team_id, livemode, search)
    SELECT id, team_id, livemode, search FROM clients WHERE deleted_at IS NULL;
INSERT INTO client_fts (client_fts) VALUES ('rebuild');

-- +goose StatementBegin
CREATE TRIGGER client_search_insert AFTER INSERT ON client_search BEGIN
    INSERT INTO client_fts (rowid, search) VALUES (new.n, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER client_search_delete AFTER DELETE ON client_search BEGIN
    INSERT INTO client_fts (client_fts, rowid, search) VALUES ('delete', old.n, old.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_search_insert AFTER INSERT ON clients WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO client_search (id, team_id, livemode, search)
        VALUES (new.id, new.team_id, new.livemode, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_search_update AFTER UPDATE OF search, deleted_at ON clients
    WHEN old.search IS NOT new.search OR old.deleted_at IS NOT new.deleted_at BEGIN
    DELETE FROM client_search WHERE id = old.id;
    INSERT INTO client_search (id, team_id, livemode, search)
        SELECT new.id, new.team_id, new.livemode, new.search WHERE new.deleted_at IS NULL;
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
