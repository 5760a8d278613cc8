-- +goose Up
-- Invoice search keeps each invoice's creation time beside its text (issue
-- 16; store/sqlite/text_search.go): a list by q alone finds its page in
-- time order among the matches there and reads only the page's invoices.
-- An invoice's creation time never changes.
ALTER TABLE invoice_search ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE invoice_search SET created_at = (SELECT i.created_at FROM invoices i WHERE i.id = invoice_search.id);
DROP TRIGGER invoices_search_insert;
DROP TRIGGER invoices_search_update;
-- +goose StatementBegin
CREATE TRIGGER invoices_search_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_search (id, team_id, livemode, type, status, search, created_at)
        VALUES (new.id, new.team_id, new.livemode, new.type, new.status, new.search, new.created_at);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_update AFTER UPDATE OF search ON invoices WHEN old.search <> new.search BEGIN
    DELETE FROM invoice_search WHERE id = old.id;
    INSERT INTO invoice_search (id, team_id, livemode, type, status, search, created_at)
        VALUES (new.id, new.team_id, new.livemode, new.type, new.status, new.search, new.created_at);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invoices_search_insert;
DROP TRIGGER invoices_search_update;
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
ALTER TABLE invoice_search DROP COLUMN created_at;
