-- +goose Up
-- Invoice lists that stay fast as a team grows (issue 16): the payment
-- method as a column, an index that leads with each filter, an index of
-- metadata key/value pairs, and counts kept by the same transaction as
-- every change of an invoice.
ALTER TABLE invoices ADD COLUMN payment_method TEXT NOT NULL DEFAULT '';
UPDATE invoices SET payment_method = coalesce(json_extract(doc, '$.payment_method'), '');
CREATE INDEX invoices_series ON invoices (team_id, livemode, series, created_at, id, status, type);
CREATE INDEX invoices_payment_method ON invoices (team_id, livemode, payment_method, created_at, id, status, type);

-- The top-level scalar metadata values of each invoice, as text (strings
-- as given, numbers as written, true and false), in creation order: a
-- metadata.<key>=<value> list walks its pairs newest first.
CREATE TABLE invoice_metadata (
    m_team    TEXT    NOT NULL,
    m_mode    INTEGER NOT NULL,
    m_key     TEXT    NOT NULL,
    m_value   TEXT    NOT NULL,
    m_created INTEGER NOT NULL,
    m_invoice TEXT    NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    PRIMARY KEY (m_team, m_mode, m_key, m_value, m_created, m_invoice)
) STRICT, WITHOUT ROWID;
CREATE INDEX invoice_metadata_invoice ON invoice_metadata (m_invoice, m_key);
INSERT INTO invoice_metadata (m_team, m_mode, m_key, m_value, m_created, m_invoice)
    SELECT i.team_id, i.livemode, j.key,
        CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END,
        i.created_at, i.id
    FROM invoices i, json_each(i.doc, '$.metadata') j
    WHERE j.type NOT IN ('object', 'array', 'null');

-- How many invoices a team has in each mode, type and status. Triggers
-- keep it in the change's transaction; a list filtered by nothing else
-- reads its total here instead of counting rows.
CREATE TABLE invoice_counts (
    team_id  TEXT    NOT NULL,
    livemode INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    slot     INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (team_id, livemode, type, status, slot)
) STRICT, WITHOUT ROWID;
INSERT INTO invoice_counts (team_id, livemode, type, status, slot, n)
    SELECT team_id, livemode, type, status, 0, count(*) FROM invoices GROUP BY team_id, livemode, type, status;
-- +goose StatementBegin
CREATE TRIGGER invoices_count_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_counts (team_id, livemode, type, status, slot, n)
        VALUES (NEW.team_id, NEW.livemode, NEW.type, NEW.status, 0, 1)
        ON CONFLICT (team_id, livemode, type, status, slot) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_count_update AFTER UPDATE OF type, status ON invoices
    WHEN OLD.type <> NEW.type OR OLD.status <> NEW.status BEGIN
    UPDATE invoice_counts SET n = n - 1
        WHERE team_id = OLD.team_id AND livemode = OLD.livemode AND type = OLD.type AND status = OLD.status AND slot = 0;
    INSERT INTO invoice_counts (team_id, livemode, type, status, slot, n)
        VALUES (NEW.team_id, NEW.livemode, NEW.type, NEW.status, 0, 1)
        ON CONFLICT (team_id, livemode, type, status, slot) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_count_delete AFTER DELETE ON invoices BEGIN
    UPDATE invoice_counts SET n = n - 1
        WHERE team_id = OLD.team_id AND livemode = OLD.livemode AND type = OLD.type AND status = OLD.status AND slot = 0;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invoices_count_delete;
DROP TRIGGER invoices_count_update;
DROP TRIGGER invoices_count_insert;
DROP TABLE invoice_counts;
DROP TABLE invoice_metadata;
DROP INDEX invoices_payment_method;
DROP INDEX invoices_series;
ALTER TABLE invoices DROP COLUMN payment_method;
