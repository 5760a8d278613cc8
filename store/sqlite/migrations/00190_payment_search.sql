-- +goose Up
-- Payment search (q) from a trigram index, as invoices have (00110, 00160;
-- issue 16): payment_search gives each payment an integer key, which FTS5
-- needs, with its team, mode, status, creation time and folded search
-- text, and payment_fts indexes the trigrams of that text. Triggers on
-- payments keep both in step in the transaction of every write.
CREATE TABLE payment_search (
    n          INTEGER NOT NULL PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    team_id    TEXT    NOT NULL,
    livemode   INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    search     TEXT    NOT NULL
) STRICT;
CREATE VIRTUAL TABLE payment_fts USING fts5 (search, content = '', contentless_delete = 1, detail = none,
    tokenize = 'trigram case_sensitive 1');
INSERT INTO payment_search (id, team_id, livemode, status, created_at, search)
    SELECT id, team_id, livemode, status, created_at, search FROM payments ORDER BY created_at, id;
INSERT INTO payment_fts (rowid, search) SELECT n, search FROM payment_search;

-- +goose StatementBegin
CREATE TRIGGER payment_search_insert AFTER INSERT ON payment_search BEGIN
    INSERT INTO payment_fts (rowid, search) VALUES (new.n, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payment_search_delete AFTER DELETE ON payment_search BEGIN
    DELETE FROM payment_fts WHERE rowid = old.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_search_insert AFTER INSERT ON payments BEGIN
    INSERT INTO payment_search (id, team_id, livemode, status, created_at, search)
        VALUES (new.id, new.team_id, new.livemode, new.status, new.created_at, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_search_update AFTER UPDATE OF search ON payments WHEN old.search <> new.search BEGIN
    DELETE FROM payment_search WHERE id = old.id;
    INSERT INTO payment_search (id, team_id, livemode, status, created_at, search)
        VALUES (new.id, new.team_id, new.livemode, new.status, new.created_at, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_search_status AFTER UPDATE OF status ON payments WHEN old.status <> new.status BEGIN
    UPDATE payment_search SET status = new.status WHERE id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_search_delete AFTER DELETE ON payments BEGIN
    DELETE FROM payment_search WHERE id = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER payments_search_delete;
DROP TRIGGER payments_search_status;
DROP TRIGGER payments_search_update;
DROP TRIGGER payments_search_insert;
DROP TABLE payment_fts;
DROP TABLE payment_search;
