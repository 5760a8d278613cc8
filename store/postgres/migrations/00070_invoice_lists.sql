-- +goose Up
-- Invoice lists that stay fast as a team grows (issue 16): the payment
-- method as a column, an index that leads with each filter, an index of
-- metadata key/value pairs, and counts kept by the same transaction as
-- every change of an invoice.
ALTER TABLE invoices ADD COLUMN payment_method TEXT NOT NULL DEFAULT '';
UPDATE invoices SET payment_method = coalesce(doc::jsonb ->> 'payment_method', '');
CREATE INDEX invoices_series ON invoices (team_id, livemode, series, created_at, id) INCLUDE (status, type);
CREATE INDEX invoices_payment_method ON invoices (team_id, livemode, payment_method, created_at, id) INCLUDE (status, type);

-- The top-level scalar metadata values of each invoice, as text (strings
-- as given, numbers as written, true and false), in creation order: a
-- metadata.<key>=<value> list walks its pairs newest first.
CREATE TABLE invoice_metadata (
    m_team    TEXT        NOT NULL,
    m_mode    BOOLEAN     NOT NULL,
    m_key     TEXT        NOT NULL,
    m_value   TEXT        NOT NULL,
    m_created TIMESTAMPTZ NOT NULL,
    m_invoice TEXT        NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    PRIMARY KEY (m_team, m_mode, m_key, m_value, m_created, m_invoice)
);
CREATE INDEX invoice_metadata_invoice ON invoice_metadata (m_invoice, m_key);
INSERT INTO invoice_metadata (m_team, m_mode, m_key, m_value, m_created, m_invoice)
    SELECT i.team_id, i.livemode, j.key,
        CASE jsonb_typeof(j.value) WHEN 'string' THEN j.value #>> '{}' ELSE j.value::text END,
        i.created_at, i.id
    FROM invoices i, jsonb_each(CASE jsonb_typeof(i.doc::jsonb -> 'metadata') WHEN 'object'
        THEN i.doc::jsonb -> 'metadata' ELSE '{}'::jsonb END) j
    WHERE jsonb_typeof(j.value) NOT IN ('object', 'array', 'null');

-- How many invoices a team has in each mode, type and status, in eight
-- slots (by the invoice's id) so that concurrent issuers of one team
-- seldom wait on the same row. Triggers keep it in the change's
-- transaction; a list filtered by nothing else sums its total here instead
-- of counting rows.
CREATE TABLE invoice_counts (
    team_id  TEXT     NOT NULL,
    livemode BOOLEAN  NOT NULL,
    type     TEXT     NOT NULL,
    status   TEXT     NOT NULL,
    slot     SMALLINT NOT NULL,
    n        BIGINT   NOT NULL,
    PRIMARY KEY (team_id, livemode, type, status, slot)
);
INSERT INTO invoice_counts (team_id, livemode, type, status, slot, n)
    SELECT team_id, livemode, type, status, 0, count(*) FROM invoices GROUP BY team_id, livemode, type, status;
-- +goose StatementBegin
CREATE FUNCTION invoices_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE invoice_counts SET n = n - 1
            WHERE team_id = OLD.team_id AND livemode = OLD.livemode AND type = OLD.type
            AND status = OLD.status AND slot = abs(hashtext(OLD.id)) % 8;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO invoice_counts (team_id, livemode, type, status, slot, n)
            VALUES (NEW.team_id, NEW.livemode, NEW.type, NEW.status, abs(hashtext(NEW.id)) % 8, 1)
            ON CONFLICT (team_id, livemode, type, status, slot) DO UPDATE SET n = invoice_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER invoices_count_insert AFTER INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_count();
CREATE TRIGGER invoices_count_update AFTER UPDATE OF type, status ON invoices FOR EACH ROW
    WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION invoices_count();
CREATE TRIGGER invoices_count_delete AFTER DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_count();

-- +goose Down
DROP TRIGGER invoices_count_delete ON invoices;
DROP TRIGGER invoices_count_update ON invoices;
DROP TRIGGER invoices_count_insert ON invoices;
DROP FUNCTION invoices_count();
DROP TABLE invoice_counts;
DROP TABLE invoice_metadata;
DROP INDEX invoices_payment_method;
DROP INDEX invoices_series;
ALTER TABLE invoices DROP COLUMN payment_method;
