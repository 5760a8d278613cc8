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
-- Counts are kept in eight slots (by the invoice's id) so that concurrent
-- issuers of one team seldom wait on the same row, and each invoice's
-- change of counts is one statement in key order, so that two writes of
-- one invoice each never deadlock (a transaction writing several invoices
-- may, as with any rows it locks in another's order).
ALTER TABLE invoices ADD COLUMN count_keys TEXT NOT NULL DEFAULT '[]';
CREATE INDEX invoices_pending ON invoices (team_id, livemode, created_at) INCLUDE (type) WHERE status = 'pending';
UPDATE invoices SET count_keys = k.keys
    FROM (SELECT m_invoice, json_agg('m' || length(m_key) || ':' || m_key || '=' || m_value ORDER BY m_key)::text AS keys
          FROM invoice_metadata GROUP BY m_invoice) k
    WHERE invoices.id = k.m_invoice;

-- +goose StatementBegin
CREATE FUNCTION invoice_facets(series TEXT, payment_method TEXT, client_id TEXT, created_at TIMESTAMPTZ, count_keys TEXT)
    RETURNS TEXT[] LANGUAGE plpgsql STABLE AS $$
DECLARE
    s TEXT := 's' || length(series) || ':' || series;
    m TEXT := to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM');
    d TEXT := to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD');
BEGIN
    RETURN ARRAY['', s, 'p=' || payment_method, 'c=' || coalesce(client_id, ''), 'M' || m, 'D' || d, s || '|M' || m, s || '|D' || d]
        || ARRAY(SELECT jsonb_array_elements_text(count_keys::jsonb));
END
$$;
-- +goose StatementEnd

DROP TRIGGER invoices_count_delete ON invoices;
DROP TRIGGER invoices_count_update ON invoices;
DROP TRIGGER invoices_count_insert ON invoices;
DROP FUNCTION invoices_count();
DROP TABLE invoice_counts;
CREATE TABLE invoice_counts (
    team_id  TEXT             NOT NULL,
    livemode BOOLEAN          NOT NULL,
    facet    TEXT COLLATE "C" NOT NULL,
    type     TEXT             NOT NULL,
    status   TEXT             NOT NULL,
    slot     SMALLINT         NOT NULL,
    n        BIGINT           NOT NULL,
    PRIMARY KEY (team_id, livemode, facet, type, status, slot)
);
INSERT INTO invoice_counts (team_id, livemode, facet, type, status, slot, n)
    SELECT team_id, livemode, f, type, status, hashtext(id) & 7, count(*)
    FROM invoices, unnest(invoice_facets(series, payment_method, client_id, created_at, count_keys)) f
    WHERE status <> 'pending'
    GROUP BY 1, 2, 3, 4, 5, 6;

-- +goose StatementBegin
CREATE FUNCTION invoices_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO invoice_counts AS c (team_id, livemode, facet, type, status, slot, n)
        SELECT team_id, livemode, facet, type, status, slot, sum(d) FROM (
            SELECT OLD.team_id AS team_id, OLD.livemode AS livemode, f AS facet, OLD.type AS type,
                OLD.status AS status, hashtext(OLD.id) & 7 AS slot, -1 AS d
            FROM unnest(invoice_facets(OLD.series, OLD.payment_method, OLD.client_id, OLD.created_at, OLD.count_keys)) f
            WHERE TG_OP <> 'INSERT' AND OLD.status <> 'pending'
            UNION ALL
            SELECT NEW.team_id, NEW.livemode, f, NEW.type, NEW.status, hashtext(NEW.id) & 7, 1
            FROM unnest(invoice_facets(NEW.series, NEW.payment_method, NEW.client_id, NEW.created_at, NEW.count_keys)) f
            WHERE TG_OP <> 'DELETE' AND NEW.status <> 'pending') x
        GROUP BY team_id, livemode, facet, type, status, slot
        HAVING sum(d) <> 0
        ORDER BY team_id, livemode, facet, type, status, slot
        ON CONFLICT (team_id, livemode, facet, type, status, slot) DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER invoices_count_insert AFTER INSERT ON invoices FOR EACH ROW WHEN (NEW.status <> 'pending')
    EXECUTE FUNCTION invoices_count();
CREATE TRIGGER invoices_count_update AFTER UPDATE OF type, status, series, payment_method, client_id, count_keys ON invoices
    FOR EACH ROW WHEN ((OLD.type, OLD.status, OLD.series, OLD.payment_method, OLD.client_id, OLD.count_keys)
        IS DISTINCT FROM (NEW.type, NEW.status, NEW.series, NEW.payment_method, NEW.client_id, NEW.count_keys))
    EXECUTE FUNCTION invoices_count();
CREATE TRIGGER invoices_count_delete AFTER DELETE ON invoices FOR EACH ROW WHEN (OLD.status <> 'pending')
    EXECUTE FUNCTION invoices_count();

-- +goose Down
DROP TRIGGER invoices_count_delete ON invoices;
DROP TRIGGER invoices_count_update ON invoices;
DROP TRIGGER invoices_count_insert ON invoices;
DROP FUNCTION invoices_count();
DROP TABLE invoice_counts;
DROP FUNCTION invoice_facets(TEXT, TEXT, TEXT, TIMESTAMPTZ, TEXT);
DROP INDEX invoices_pending;
ALTER TABLE invoices DROP COLUMN count_keys;
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
    SELECT team_id, livemode, type, status, abs(hashtext(id)) % 8, count(*) FROM invoices GROUP BY 1, 2, 3, 4, 5;
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
