-- +goose Up
-- Invoice search (q) from narrow side tables (issue 16; store/postgres/
-- text_search.go). An invoice's search text is its own part (UUID, id,
-- series and folio) and its client's part (legal name, name, RFC, e-mail),
-- joined by \x1f, which q cannot hold: q matches one part or the other.
-- Many invoices share one client's part, so those parts are kept once per
-- team and mode in search_parties (a small table with its own trigram
-- index), and invoice_texts keeps per invoice its own part, the key of its
-- client's part, and what a search page needs (creation time, status,
-- type). A search by a client's name then finds a few parties, and the page
-- and the count are read from one index of invoice_texts, however many
-- invoices share trigrams of that name (at 10 M invoices pg_trgm returned
-- 32,000 candidates from the whole texts and read 18,000 pages of the
-- invoices table to check them).
--
-- invoices.search stays the source (written with every invoice); triggers
-- keep the side tables in the invoice's transaction. Its own trigram index
-- is no longer read, and goes.

-- invoice_search_parts splits a search text: the first parts are the
-- invoice's own (the id always; the UUID and the series and folio when
-- present), the rest its client's (NULL when none).
-- +goose StatementBegin
CREATE FUNCTION invoice_search_parts(search text, has_uuid boolean, has_folio boolean,
    OUT own text, OUT party text) LANGUAGE sql IMMUTABLE AS $$
    SELECT array_to_string(a[1:k], E'\x1f'), nullif(array_to_string(a[k + 1:], E'\x1f'), '')
    FROM (SELECT string_to_array(search, E'\x1f') AS a, 1 + has_uuid::int + has_folio::int AS k) s
$$;
-- +goose StatementEnd

-- search_party_key names a client's part within its team and mode.
-- +goose StatementBegin
CREATE FUNCTION search_party_key(party text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(substr(sha256(convert_to(party, 'UTF8')), 1, 16), 'hex')::uuid
$$;
-- +goose StatementEnd

-- Building the indexes below over many invoices wants more memory than
-- PostgreSQL's default: for this migration's transaction only. No invoice
-- is written meanwhile (a process of the previous version, during an
-- upgrade, waits): each gets its text row from the copy or the trigger.
SET LOCAL maintenance_work_mem = '256MB';
LOCK TABLE invoices IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE search_parties (
    team_id  text COLLATE "C" NOT NULL,
    livemode boolean NOT NULL,
    party    uuid NOT NULL,
    text     text NOT NULL,
    PRIMARY KEY (team_id, livemode, party)
);
CREATE TABLE invoice_texts (
    invoice_id text COLLATE "C" NOT NULL PRIMARY KEY,
    team_id    text COLLATE "C" NOT NULL,
    livemode   boolean NOT NULL,
    created_at timestamptz NOT NULL,
    status     text NOT NULL,
    type       text NOT NULL,
    party      uuid,
    own        text NOT NULL
);

WITH src AS MATERIALIZED (
    SELECT i.id, i.team_id, i.livemode, i.created_at, i.status, i.type, p.own, p.party
    FROM invoices i, invoice_search_parts(i.search, i.uuid IS NOT NULL, i.series <> '' OR i.folio > 0) p
), parties AS (
    INSERT INTO search_parties (team_id, livemode, party, text)
    SELECT DISTINCT team_id, livemode, search_party_key(party), party FROM src WHERE party IS NOT NULL
    ON CONFLICT DO NOTHING
)
INSERT INTO invoice_texts (invoice_id, team_id, livemode, created_at, status, type, party, own)
SELECT id, team_id, livemode, created_at, status, type, search_party_key(party), own FROM src;

-- A page and a count by parties are read from this index alone.
CREATE INDEX invoice_texts_party ON invoice_texts (team_id, livemode, party, created_at, invoice_id)
    INCLUDE (status, type);
CREATE INDEX invoice_texts_own ON invoice_texts USING gin (own gin_trgm_ops);
CREATE INDEX search_parties_text ON search_parties USING gin (text gin_trgm_ops) WITH (fastupdate = off);
-- The rarest trigrams of q are asked of each index (as 00150 did).
CREATE STATISTICS invoice_texts_trigrams ON (show_trgm(own)) FROM invoice_texts;
CREATE STATISTICS search_parties_trigrams ON (show_trgm(text)) FROM search_parties;
DROP STATISTICS invoices_trigrams;
DROP INDEX invoices_search;

-- New invoices, once per statement (an import writes many).
-- +goose StatementBegin
CREATE FUNCTION invoice_texts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER invoice_texts_insert AFTER INSERT ON invoices REFERENCING NEW TABLE AS new_invoices
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_texts_inserted();

-- A changed text, status or type (stamping gives the UUID; a draft's client
-- may change), one invoice at a time.
-- +goose StatementBegin
CREATE FUNCTION invoice_texts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER invoice_texts_update AFTER UPDATE ON invoices FOR EACH ROW
    WHEN (OLD.search IS DISTINCT FROM NEW.search OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.type IS DISTINCT FROM NEW.type)
    EXECUTE FUNCTION invoice_texts_updated();

-- +goose StatementBegin
CREATE FUNCTION invoice_texts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM invoice_texts WHERE invoice_id = OLD.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER invoice_texts_delete AFTER DELETE ON invoices FOR EACH ROW
    EXECUTE FUNCTION invoice_texts_deleted();

-- +goose Down
DROP TRIGGER invoice_texts_delete ON invoices;
DROP FUNCTION invoice_texts_deleted();
DROP TRIGGER invoice_texts_update ON invoices;
DROP FUNCTION invoice_texts_updated();
DROP TRIGGER invoice_texts_insert ON invoices;
DROP FUNCTION invoice_texts_inserted();
CREATE INDEX invoices_search ON invoices USING gin (search gin_trgm_ops);
CREATE STATISTICS invoices_trigrams ON (show_trgm(search)) FROM invoices;
DROP TABLE invoice_texts;
DROP TABLE search_parties;
DROP FUNCTION search_party_key(text);
DROP FUNCTION invoice_search_parts(text, boolean, boolean);
