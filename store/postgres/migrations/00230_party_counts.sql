-- +goose Up
-- How many invoices each search party has (00220) is kept in
-- invoice_counts under the facet 'q<party>', per type and status, pending
-- invoices aside as every facet (issue 16; sqlstore/text_search.go): a
-- search by a client's name sums its total from its few parties and reads
-- its page from each party's invoices in time order, however many invoices
-- share that name. The triggers of invoice_texts' rows keep them.
SET LOCAL maintenance_work_mem = '256MB';
LOCK TABLE invoices IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO invoice_counts AS c (team_id, livemode, facet, type, status, slot, n)
    SELECT team_id, livemode, 'q' || party::text, type, status, hashtext(invoice_id) & 7, count(*)
    FROM invoice_texts WHERE party IS NOT NULL AND status <> 'pending'
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (team_id, livemode, facet, type, status, slot) DO UPDATE SET n = c.n + excluded.n;
CREATE INDEX invoice_texts_pending ON invoice_texts (team_id, livemode, party) WHERE status = 'pending';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION invoice_texts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH src AS MATERIALIZED (
        SELECT i.id, i.team_id, i.livemode, i.created_at, i.status, i.type, p.own, p.party,
            search_party_key(p.party) AS key
        FROM new_invoices i, invoice_search_parts(i.search, i.uuid IS NOT NULL, i.series <> '' OR i.folio > 0) p
    ), parties AS (
        INSERT INTO search_parties (team_id, livemode, party, text)
        SELECT DISTINCT team_id, livemode, key, party FROM src WHERE party IS NOT NULL
        ORDER BY 1, 2, 3
        ON CONFLICT DO NOTHING
    ), counted AS (
        INSERT INTO invoice_counts AS c (team_id, livemode, facet, type, status, slot, n)
        SELECT team_id, livemode, 'q' || key::text, type, status, hashtext(id) & 7, count(*)
        FROM src WHERE key IS NOT NULL AND status <> 'pending'
        GROUP BY 1, 2, 3, 4, 5, 6
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (team_id, livemode, facet, type, status, slot) DO UPDATE SET n = c.n + excluded.n
    )
    INSERT INTO invoice_texts (invoice_id, team_id, livemode, created_at, status, type, party, own)
    SELECT id, team_id, livemode, created_at, status, type, key, own FROM src;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- party_counts moves one invoice's count from its old party, type and
-- status (d -1) to its new ones (d +1) in one statement, its rows in key
-- order as every count change (00100): two invoices moving between the same
-- two parties the other way round then wait for each other, not deadlock.
-- +goose StatementBegin
CREATE FUNCTION party_counts(p_team text, p_live boolean, p_invoice text,
    o_party uuid, o_type text, o_status text, n_party uuid, n_type text, n_status text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO invoice_counts AS c (team_id, livemode, facet, type, status, slot, n)
    SELECT p_team, p_live, 'q' || v.party::text, v.type, v.status, hashtext(p_invoice) & 7, sum(v.d)
    FROM (VALUES (o_party, o_type, o_status, -1), (n_party, n_type, n_status, 1)) v(party, type, status, d)
    WHERE v.party IS NOT NULL AND v.status <> 'pending'
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (team_id, livemode, facet, type, status, slot) DO UPDATE SET n = c.n + excluded.n
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION invoice_texts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_own    text;
    v_party  text;
    v_key    uuid;
    o_party  uuid;
    o_status text;
    o_type   text;
BEGIN
    SELECT p.own, p.party INTO v_own, v_party
    FROM invoice_search_parts(NEW.search, NEW.uuid IS NOT NULL, NEW.series <> '' OR NEW.folio > 0) p;
    v_key := search_party_key(v_party);
    IF v_party IS NOT NULL THEN
        INSERT INTO search_parties (team_id, livemode, party, text)
        VALUES (NEW.team_id, NEW.livemode, v_key, v_party)
        ON CONFLICT DO NOTHING;
    END IF;
    SELECT party, status, type INTO o_party, o_status, o_type FROM invoice_texts WHERE invoice_id = NEW.id;
    UPDATE invoice_texts SET status = NEW.status, type = NEW.type, own = v_own, party = v_key
    WHERE invoice_id = NEW.id;
    IF o_party IS DISTINCT FROM v_key OR o_status IS DISTINCT FROM NEW.status OR o_type IS DISTINCT FROM NEW.type THEN
        PERFORM party_counts(NEW.team_id, NEW.livemode, NEW.id, o_party, o_type, o_status, v_key, NEW.type, NEW.status);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION invoice_texts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o_party  uuid;
    o_status text;
    o_type   text;
BEGIN
    DELETE FROM invoice_texts WHERE invoice_id = OLD.id RETURNING party, status, type INTO o_party, o_status, o_type;
    PERFORM party_counts(OLD.team_id, OLD.livemode, OLD.id, o_party, o_type, o_status, NULL, NULL, NULL);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION invoice_texts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM invoice_texts WHERE invoice_id = OLD.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION invoice_texts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_own   text;
    v_party text;
BEGIN
    SELECT p.own, p.party INTO v_own, v_party
    FROM invoice_search_parts(NEW.search, NEW.uuid IS NOT NULL, NEW.series <> '' OR NEW.folio > 0) p;
    IF v_party IS NOT NULL THEN
        INSERT INTO search_parties (team_id, livemode, party, text)
        VALUES (NEW.team_id, NEW.livemode, search_party_key(v_party), v_party)
        ON CONFLICT DO NOTHING;
    END IF;
    UPDATE invoice_texts SET status = NEW.status, type = NEW.type, own = v_own, party = search_party_key(v_party)
    WHERE invoice_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION invoice_texts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH src AS MATERIALIZED (
        SELECT i.id, i.team_id, i.livemode, i.created_at, i.status, i.type, p.own, p.party
        FROM new_invoices i, invoice_search_parts(i.search, i.uuid IS NOT NULL, i.series <> '' OR i.folio > 0) p
    ), parties AS (
        INSERT INTO search_parties (team_id, livemode, party, text)
        SELECT DISTINCT team_id, livemode, search_party_key(party), party FROM src WHERE party IS NOT NULL
        ORDER BY 1, 2, 3
        ON CONFLICT DO NOTHING
    )
    INSERT INTO invoice_texts (invoice_id, team_id, livemode, created_at, status, type, party, own)
    SELECT id, team_id, livemode, created_at, status, type, search_party_key(party), own FROM src;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
DROP FUNCTION party_counts(text, boolean, text, uuid, text, text, uuid, text, text);
DROP INDEX invoice_texts_pending;
DELETE FROM invoice_counts WHERE facet LIKE 'q%';
