-- +goose Up
-- Kept totals of the payment, receipt, client and service lists (issue
-- 16), as 00120 keeps events' and deliveries':
--
--   payments   '', s=<status>, c=<client>, c=<client>|s=<status>
--   receipts   '', s=<status>, c=<client>, c=<client>|s=<status>
--   clients    ''   (live ones: not deleted)
--   services   ''   (live ones)
--
-- A row is uncounted before it changes a facet (the row still holds the
-- old values) and counted again after, and uncounted before it is deleted.
CREATE VIEW row_facets (list, id, team_id, livemode, facet) AS
    SELECT 'payments', p.id, p.team_id, p.livemode, f.value
        FROM payments p, json_each(json_array('', 's=' || p.status, 'c=' || coalesce(p.client_id, ''),
            'c=' || coalesce(p.client_id, '') || '|s=' || p.status)) f
    UNION ALL
    SELECT 'receipts', r.id, r.team_id, r.livemode, f.value
        FROM receipts r, json_each(json_array('', 's=' || r.status, 'c=' || coalesce(r.client_id, ''),
            'c=' || coalesce(r.client_id, '') || '|s=' || r.status)) f
    UNION ALL
    SELECT 'clients', id, team_id, livemode, '' FROM clients WHERE deleted_at IS NULL
    UNION ALL
    SELECT 'services', id, team_id, livemode, '' FROM services WHERE deleted_at IS NULL;
INSERT INTO list_counts (list, team_id, livemode, facet, n)
    SELECT list, team_id, livemode, facet, count(*) FROM row_facets GROUP BY list, team_id, livemode, facet;

-- +goose StatementBegin
CREATE TRIGGER payments_count_insert AFTER INSERT ON payments BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        SELECT list, team_id, livemode, facet, 1 FROM row_facets WHERE list = 'payments' AND id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_uncount_update BEFORE UPDATE OF status, client_id ON payments
    WHEN OLD.status <> NEW.status OR OLD.client_id IS NOT NEW.client_id BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'payments' AND team_id = OLD.team_id AND livemode = OLD.livemode
        AND facet IN (SELECT facet FROM row_facets WHERE list = 'payments' AND id = OLD.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_count_update AFTER UPDATE OF status, client_id ON payments
    WHEN OLD.status <> NEW.status OR OLD.client_id IS NOT NEW.client_id BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        SELECT list, team_id, livemode, facet, 1 FROM row_facets WHERE list = 'payments' AND id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_uncount_delete BEFORE DELETE ON payments BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'payments' AND team_id = OLD.team_id AND livemode = OLD.livemode
        AND facet IN (SELECT facet FROM row_facets WHERE list = 'payments' AND id = OLD.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER receipts_count_insert AFTER INSERT ON receipts BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        SELECT list, team_id, livemode, facet, 1 FROM row_facets WHERE list = 'receipts' AND id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER receipts_uncount_update BEFORE UPDATE OF status, client_id ON receipts
    WHEN OLD.status <> NEW.status OR OLD.client_id IS NOT NEW.client_id BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'receipts' AND team_id = OLD.team_id AND livemode = OLD.livemode
        AND facet IN (SELECT facet FROM row_facets WHERE list = 'receipts' AND id = OLD.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER receipts_count_update AFTER UPDATE OF status, client_id ON receipts
    WHEN OLD.status <> NEW.status OR OLD.client_id IS NOT NEW.client_id BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        SELECT list, team_id, livemode, facet, 1 FROM row_facets WHERE list = 'receipts' AND id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER receipts_uncount_delete BEFORE DELETE ON receipts BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'receipts' AND team_id = OLD.team_id AND livemode = OLD.livemode
        AND facet IN (SELECT facet FROM row_facets WHERE list = 'receipts' AND id = OLD.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_count AFTER INSERT ON clients WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n) VALUES ('clients', NEW.team_id, NEW.livemode, '', 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_count_update AFTER UPDATE OF deleted_at ON clients
    WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        VALUES ('clients', NEW.team_id, NEW.livemode, '', CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END)
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_uncount_delete AFTER DELETE ON clients WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'clients' AND team_id = OLD.team_id AND livemode = OLD.livemode AND facet = '';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER services_count AFTER INSERT ON services WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n) VALUES ('services', NEW.team_id, NEW.livemode, '', 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER services_count_update AFTER UPDATE OF deleted_at ON services
    WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        VALUES ('services', NEW.team_id, NEW.livemode, '', CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END)
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER services_uncount_delete AFTER DELETE ON services WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'services' AND team_id = OLD.team_id AND livemode = OLD.livemode AND facet = '';
END;
-- +goose StatementEnd

-- A status filter's own index.
CREATE INDEX payments_status ON payments (team_id, livemode, status, created_at, id);
CREATE INDEX receipts_status ON receipts (team_id, livemode, status, created_at, id);

-- +goose Down
DROP INDEX receipts_status;
DROP INDEX payments_status;
DROP TRIGGER services_uncount_delete;
DROP TRIGGER services_count_update;
DROP TRIGGER services_count;
DROP TRIGGER clients_uncount_delete;
DROP TRIGGER clients_count_update;
DROP TRIGGER clients_count;
DROP TRIGGER receipts_uncount_delete;
DROP TRIGGER receipts_count_update;
DROP TRIGGER receipts_uncount_update;
DROP TRIGGER receipts_count_insert;
DROP TRIGGER payments_uncount_delete;
DROP TRIGGER payments_count_update;
DROP TRIGGER payments_uncount_update;
DROP TRIGGER payments_count_insert;
DROP VIEW row_facets;
DELETE FROM list_counts WHERE list IN ('payments', 'receipts', 'clients', 'services');
