-- +goose Up
-- The total of every common invoice list kept, not counted (issue 16): how
-- many invoices a team has in each mode, type and status is kept for each
-- of an invoice's facets, the keys that a filter names:
--
--   ''                      every invoice
--   s<n>:<series>           its series (n: the series' length in characters)
--   p=<payment method>      PUE, PPD or ''
--   c=<client id>           its client ('c=' when it has none)
--   M<yyyy-mm>, D<yyyy-mm-dd>          the month and day of its creation (UTC)
--   s<n>:<series>|M…, s<n>:<series>|D… both within its series
--   m<n>:<key>=<value>      each metadata pair, as count_keys lists them
--
-- sqlstore/invoice_count.go writes the same keys to sum them; count_keys is
-- the JSON array of an invoice's metadata keys, written with the invoice.
-- Pending invoices are not kept: each passes on within seconds, and would
-- be counted twice; the few are counted on invoices_pending.
CREATE INDEX invoices_pending ON invoices (team_id, livemode, created_at) WHERE status = 'pending';
ALTER TABLE invoices ADD COLUMN count_keys TEXT NOT NULL DEFAULT '[]';
UPDATE invoices SET count_keys = (SELECT json_group_array('m' || length(m_key) || ':' || m_key || '=' || m_value)
    FROM (SELECT m_key, m_value FROM invoice_metadata WHERE m_invoice = invoices.id ORDER BY m_key))
    WHERE id IN (SELECT m_invoice FROM invoice_metadata);

CREATE VIEW invoice_facets (id, team_id, livemode, type, status, facet) AS
    SELECT i.id, i.team_id, i.livemode, i.type, i.status, f.value
    FROM invoices i, json_each(json_insert(i.count_keys,
        '$[#]', '',
        '$[#]', 's' || length(i.series) || ':' || i.series,
        '$[#]', 'p=' || i.payment_method,
        '$[#]', 'c=' || coalesce(i.client_id, ''),
        '$[#]', 'M' || strftime('%Y-%m', i.created_at / 1000000000, 'unixepoch'),
        '$[#]', 'D' || strftime('%Y-%m-%d', i.created_at / 1000000000, 'unixepoch'),
        '$[#]', 's' || length(i.series) || ':' || i.series || '|M' || strftime('%Y-%m', i.created_at / 1000000000, 'unixepoch'),
        '$[#]', 's' || length(i.series) || ':' || i.series || '|D' || strftime('%Y-%m-%d', i.created_at / 1000000000, 'unixepoch'))) f
    WHERE i.status <> 'pending';

DROP TRIGGER invoices_count_insert;
DROP TRIGGER invoices_count_update;
DROP TRIGGER invoices_count_delete;
DROP TABLE invoice_counts;
CREATE TABLE invoice_counts (
    team_id  TEXT    NOT NULL,
    livemode INTEGER NOT NULL,
    facet    TEXT    NOT NULL,
    type     TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (team_id, livemode, facet, type, status)
) STRICT, WITHOUT ROWID;
INSERT INTO invoice_counts (team_id, livemode, facet, type, status, n)
    SELECT team_id, livemode, facet, type, status, count(*) FROM invoice_facets
    GROUP BY team_id, livemode, facet, type, status;

-- An invoice is counted under its facets once stored, uncounted before it
-- changes a facet, its type or its status (the row still holds the old
-- values) and counted again after, and uncounted before it is deleted.
-- +goose StatementBegin
CREATE TRIGGER invoices_count_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_counts (team_id, livemode, facet, type, status, n)
        SELECT team_id, livemode, facet, type, status, 1 FROM invoice_facets WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_uncount_update BEFORE UPDATE OF type, status, series, payment_method, client_id, count_keys ON invoices
    WHEN OLD.type <> NEW.type OR OLD.status <> NEW.status OR OLD.series <> NEW.series
        OR OLD.payment_method <> NEW.payment_method OR OLD.client_id IS NOT NEW.client_id OR OLD.count_keys <> NEW.count_keys BEGIN
    UPDATE invoice_counts SET n = n - 1
        WHERE team_id = OLD.team_id AND livemode = OLD.livemode AND type = OLD.type AND status = OLD.status
        AND facet IN (SELECT facet FROM invoice_facets WHERE id = OLD.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_count_update AFTER UPDATE OF type, status, series, payment_method, client_id, count_keys ON invoices
    WHEN OLD.type <> NEW.type OR OLD.status <> NEW.status OR OLD.series <> NEW.series
        OR OLD.payment_method <> NEW.payment_method OR OLD.client_id IS NOT NEW.client_id OR OLD.count_keys <> NEW.count_keys BEGIN
    INSERT INTO invoice_counts (team_id, livemode, facet, type, status, n)
        SELECT team_id, livemode, facet, type, status, 1 FROM invoice_facets WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_uncount_delete BEFORE DELETE ON invoices BEGIN
    UPDATE invoice_counts SET n = n - 1
        WHERE team_id = OLD.team_id AND livemode = OLD.livemode AND type = OLD.type AND status = OLD.status
        AND facet IN (SELECT facet FROM invoice_facets WHERE id = OLD.id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invoices_uncount_delete;
DROP TRIGGER invoices_count_update;
DROP TRIGGER invoices_uncount_update;
DROP TRIGGER invoices_count_insert;
DROP TABLE invoice_counts;
DROP VIEW invoice_facets;
DROP INDEX invoices_pending;
ALTER TABLE invoices DROP COLUMN count_keys;
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
