-- +goose Up
-- Metadata filters of the payment, receipt, client and service lists that
-- stay fast as a team grows (issue 16), as invoices have (00070, 00100):
-- metadata_pairs holds each row's top-level scalar metadata values as
-- text (strings as given, numbers as written, true and false),
-- in creation order, so that a metadata.<key>=<value> list walks its
-- pairs newest first; list_counts keeps how many rows hold each pair
-- (facet m<length of key>:<key>=<value>). Deleted clients and services
-- hold none. Triggers keep both in the transaction of every change.
CREATE TABLE metadata_pairs (
    m_list    TEXT    NOT NULL,
    m_team    TEXT    NOT NULL,
    m_mode    INTEGER NOT NULL,
    m_key     TEXT    NOT NULL,
    m_value   TEXT    NOT NULL,
    m_created INTEGER NOT NULL,
    m_id      TEXT    NOT NULL,
    PRIMARY KEY (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX metadata_pairs_row ON metadata_pairs (m_list, m_id, m_key);

CREATE VIEW metadata_of (list, id, team_id, livemode, created_at, key, value) AS
    SELECT 'payments', r.id, r.team_id, r.livemode, r.created_at, j.key, CASE j.type WHEN 'text' THEN j.value WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE r.doc -> j.fullkey END
        FROM payments r, json_each(r.doc, '$.metadata') j WHERE j.type NOT IN ('object', 'array', 'null')
    UNION ALL
    SELECT 'receipts', r.id, r.team_id, r.livemode, r.created_at, j.key, CASE j.type WHEN 'text' THEN j.value WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE r.doc -> j.fullkey END
        FROM receipts r, json_each(r.doc, '$.metadata') j WHERE j.type NOT IN ('object', 'array', 'null')
    UNION ALL
    SELECT 'clients', r.id, r.team_id, r.livemode, r.created_at, j.key, CASE j.type WHEN 'text' THEN j.value WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE r.doc -> j.fullkey END
        FROM clients r, json_each(r.doc, '$.metadata') j WHERE j.type NOT IN ('object', 'array', 'null') AND r.deleted_at IS NULL
    UNION ALL
    SELECT 'services', r.id, r.team_id, r.livemode, r.created_at, j.key, CASE j.type WHEN 'text' THEN j.value WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE r.doc -> j.fullkey END
        FROM services r, json_each(r.doc, '$.metadata') j WHERE j.type NOT IN ('object', 'array', 'null') AND r.deleted_at IS NULL;
INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
    SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of;
INSERT INTO list_counts (list, team_id, livemode, facet, n)
    SELECT m_list, m_team, m_mode, 'm' || length(m_key) || ':' || m_key || '=' || m_value, count(*) FROM metadata_pairs
    GROUP BY m_list, m_team, m_mode, m_key, m_value;

-- +goose StatementBegin
CREATE TRIGGER metadata_pairs_count AFTER INSERT ON metadata_pairs BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        VALUES (NEW.m_list, NEW.m_team, NEW.m_mode, 'm' || length(NEW.m_key) || ':' || NEW.m_key || '=' || NEW.m_value, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER metadata_pairs_uncount AFTER DELETE ON metadata_pairs BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = OLD.m_list AND team_id = OLD.m_team AND livemode = OLD.m_mode
        AND facet = 'm' || length(OLD.m_key) || ':' || OLD.m_key || '=' || OLD.m_value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_pairs_insert AFTER INSERT ON payments BEGIN
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'payments' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_pairs_update AFTER UPDATE OF doc ON payments WHEN OLD.doc IS NOT NEW.doc BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'payments' AND m_id = OLD.id;
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'payments' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_pairs_delete AFTER DELETE ON payments BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'payments' AND m_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER receipts_pairs_insert AFTER INSERT ON receipts BEGIN
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'receipts' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER receipts_pairs_update AFTER UPDATE OF doc ON receipts WHEN OLD.doc IS NOT NEW.doc BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'receipts' AND m_id = OLD.id;
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'receipts' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER receipts_pairs_delete AFTER DELETE ON receipts BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'receipts' AND m_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_pairs_insert AFTER INSERT ON clients BEGIN
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'clients' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_pairs_update AFTER UPDATE OF doc, deleted_at ON clients WHEN OLD.doc IS NOT NEW.doc OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'clients' AND m_id = OLD.id;
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'clients' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER clients_pairs_delete AFTER DELETE ON clients BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'clients' AND m_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER services_pairs_insert AFTER INSERT ON services BEGIN
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'services' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER services_pairs_update AFTER UPDATE OF doc, deleted_at ON services WHEN OLD.doc IS NOT NEW.doc OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'services' AND m_id = OLD.id;
    INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
        SELECT list, team_id, livemode, key, value, created_at, id FROM metadata_of WHERE list = 'services' AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER services_pairs_delete AFTER DELETE ON services BEGIN
    DELETE FROM metadata_pairs WHERE m_list = 'services' AND m_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER services_pairs_delete;
DROP TRIGGER services_pairs_update;
DROP TRIGGER services_pairs_insert;
DROP TRIGGER clients_pairs_delete;
DROP TRIGGER clients_pairs_update;
DROP TRIGGER clients_pairs_insert;
DROP TRIGGER receipts_pairs_delete;
DROP TRIGGER receipts_pairs_update;
DROP TRIGGER receipts_pairs_insert;
DROP TRIGGER payments_pairs_delete;
DROP TRIGGER payments_pairs_update;
DROP TRIGGER payments_pairs_insert;
DROP TRIGGER metadata_pairs_uncount;
DROP TRIGGER metadata_pairs_count;
DELETE FROM list_counts WHERE facet LIKE 'm%' AND list IN ('payments', 'receipts', 'clients', 'services');
DROP VIEW metadata_of;
DROP TABLE metadata_pairs;
