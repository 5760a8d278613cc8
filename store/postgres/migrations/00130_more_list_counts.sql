-- +goose Up
-- Kept totals of the payment, receipt, client and service lists (issue
-- 16), as 00120 keeps events' and deliveries':
--
--   payments   '', s=<status>, c=<client>, c=<client>|s=<status>
--   receipts   '', s=<status>, c=<client>, c=<client>|s=<status>
--   clients    ''   (live ones: not deleted)
--   services   ''   (live ones)
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT 'payments', team_id, livemode, f, 0, count(*) FROM payments, unnest(ARRAY['', 's=' || status,
        'c=' || coalesce(client_id, ''), 'c=' || coalesce(client_id, '') || '|s=' || status]) f
    GROUP BY team_id, livemode, f;
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT 'receipts', team_id, livemode, f, 0, count(*) FROM receipts, unnest(ARRAY['', 's=' || status,
        'c=' || coalesce(client_id, ''), 'c=' || coalesce(client_id, '') || '|s=' || status]) f
    GROUP BY team_id, livemode, f;
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT 'clients', team_id, livemode, '', 0, count(*) FROM clients WHERE deleted_at IS NULL GROUP BY team_id, livemode;
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT 'services', team_id, livemode, '', 0, count(*) FROM services WHERE deleted_at IS NULL GROUP BY team_id, livemode;

-- A payment's or receipt's facets are uncounted as they were and counted
-- as they are: the row's old facets, then its new ones.
-- +goose StatementBegin
CREATE FUNCTION status_client_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM list_count(TG_TABLE_NAME, OLD.team_id, OLD.livemode, ARRAY['', 's=' || OLD.status,
            'c=' || coalesce(OLD.client_id, ''), 'c=' || coalesce(OLD.client_id, '') || '|s=' || OLD.status], -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM list_count(TG_TABLE_NAME, NEW.team_id, NEW.livemode, ARRAY['', 's=' || NEW.status,
            'c=' || coalesce(NEW.client_id, ''), 'c=' || coalesce(NEW.client_id, '') || '|s=' || NEW.status], 1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
-- A client or service counts while it is not deleted.
-- +goose StatementBegin
CREATE FUNCTION live_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
        PERFORM list_count(TG_TABLE_NAME, OLD.team_id, OLD.livemode, ARRAY[''], -1);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
        PERFORM list_count(TG_TABLE_NAME, NEW.team_id, NEW.livemode, ARRAY[''], 1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER payments_count AFTER INSERT OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION status_client_count();
CREATE TRIGGER payments_count_update AFTER UPDATE OF status, client_id ON payments FOR EACH ROW
    WHEN ((OLD.status, OLD.client_id) IS DISTINCT FROM (NEW.status, NEW.client_id)) EXECUTE FUNCTION status_client_count();
CREATE TRIGGER receipts_count AFTER INSERT OR DELETE ON receipts FOR EACH ROW EXECUTE FUNCTION status_client_count();
CREATE TRIGGER receipts_count_update AFTER UPDATE OF status, client_id ON receipts FOR EACH ROW
    WHEN ((OLD.status, OLD.client_id) IS DISTINCT FROM (NEW.status, NEW.client_id)) EXECUTE FUNCTION status_client_count();
CREATE TRIGGER clients_count AFTER INSERT OR DELETE ON clients FOR EACH ROW EXECUTE FUNCTION live_count();
CREATE TRIGGER clients_count_update AFTER UPDATE OF deleted_at ON clients FOR EACH ROW
    WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)) EXECUTE FUNCTION live_count();
CREATE TRIGGER services_count AFTER INSERT OR DELETE ON services FOR EACH ROW EXECUTE FUNCTION live_count();
CREATE TRIGGER services_count_update AFTER UPDATE OF deleted_at ON services FOR EACH ROW
    WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)) EXECUTE FUNCTION live_count();

-- A status filter's own index.
CREATE INDEX payments_status ON payments (team_id, livemode, status, created_at, id);
CREATE INDEX receipts_status ON receipts (team_id, livemode, status, created_at, id);

-- +goose Down
DROP INDEX receipts_status;
DROP INDEX payments_status;
DROP TRIGGER services_count_update ON services;
DROP TRIGGER services_count ON services;
DROP TRIGGER clients_count_update ON clients;
DROP TRIGGER clients_count ON clients;
DROP TRIGGER receipts_count_update ON receipts;
DROP TRIGGER receipts_count ON receipts;
DROP TRIGGER payments_count_update ON payments;
DROP TRIGGER payments_count ON payments;
DROP FUNCTION live_count();
DROP FUNCTION status_client_count();
DELETE FROM list_counts WHERE list IN ('payments', 'receipts', 'clients', 'services');
