-- +goose Up
-- Invoice search (q) from a trigram index, as clients have (00045; issue
-- 16): invoice_search gives each invoice an integer key, which FTS5 needs,
-- with its team, mode, type and status for counting matches there, and
-- invoice_fts indexes the trigrams of its folded search text. Triggers on
-- invoices keep both in step in the transaction of every write. The index
-- keeps no positions (detail none): a search looks up a few of its
-- trigrams and checks the texts that hold them all with instr.
CREATE TABLE invoice_search (
    n        INTEGER NOT NULL PRIMARY KEY,
    id       TEXT    NOT NULL UNIQUE,
    team_id  TEXT    NOT NULL,
    livemode INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    search   TEXT    NOT NULL
) STRICT;
CREATE VIRTUAL TABLE invoice_fts USING fts5 (search, content = '', contentless_delete = 1, detail = none,
    tokenize = 'trigram case_sensitive 1');
INSERT INTO invoice_search (id, team_id, livemode, type, status, search)
    SELECT id, team_id, livemode, type, status, search FROM invoices;
INSERT INTO invoice_fts (rowid, search) SELECT n, search FROM invoice_search;

-- +goose StatementBegin
CREATE TRIGGER invoice_search_insert AFTER INSERT ON invoice_search BEGIN
    INSERT INTO invoice_fts (rowid, search) VALUES (new.n, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoice_search_delete AFTER DELETE ON invoice_search BEGIN
    DELETE FROM invoice_fts WHERE rowid = old.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_search (id, team_id, livemode, type, status, search)
        VALUES (new.id, new.team_id, new.livemode, new.type, new.status, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_update AFTER UPDATE OF search ON invoices WHEN old.search <> new.search BEGIN
    DELETE FROM invoice_search WHERE id = old.id;
    INSERT INTO invoice_search (id, team_id, livemode, type, status, search)
        VALUES (new.id, new.team_id, new.livemode, new.type, new.status, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_kind AFTER UPDATE OF type, status ON invoices
    WHEN old.type <> new.type OR old.status <> new.status BEGIN
    UPDATE invoice_search SET type = new.type, status = new.status WHERE id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_delete AFTER DELETE ON invoices BEGIN
    DELETE FROM invoice_search WHERE id = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invoices_search_delete;
DROP TRIGGER invoices_search_kind;
DROP TRIGGER invoices_search_update;
DROP TRIGGER invoices_search_insert;
DROP TABLE invoice_fts;
DROP TABLE invoice_search;
