-- +goose Up
-- Metadata filters of the payment, receipt, client and service lists that
-- stay fast as a team grows (issue 16), as invoices have (00070, 00100):
-- metadata_pairs holds each row's top-level scalar metadata values as
-- text (strings as given, numbers as written, true and false), in
-- creation order, so that a metadata.<key>=<value> list walks its pairs
-- newest first; list_counts keeps how many rows hold each pair (facet
-- m<length of key>:<key>=<value>). Deleted clients and services hold none.
-- Triggers keep both in the transaction of every change.
CREATE TABLE metadata_pairs (
    m_list    TEXT COLLATE "C" NOT NULL,
    m_team    TEXT COLLATE "C" NOT NULL,
    m_mode    BOOLEAN          NOT NULL,
    m_key     TEXT COLLATE "C" NOT NULL,
    m_value   TEXT COLLATE "C" NOT NULL,
    m_created TIMESTAMPTZ      NOT NULL,
    m_id      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
);
CREATE INDEX metadata_pairs_row ON metadata_pairs (m_list, m_id, m_key);

-- +goose StatementBegin
CREATE FUNCTION metadata_object(doc TEXT) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(doc::jsonb -> 'metadata') WHEN 'object' THEN doc::jsonb -> 'metadata' ELSE '{}'::jsonb END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION metadata_text(v jsonb) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(v) WHEN 'string' THEN v #>> '{}' ELSE v::text END
$$;
-- +goose StatementEnd
-- A key or value longer than 512 bytes is indexed by its MD5, so that no
-- index entry outgrows a btree page's third (store/postgres/db.go pairText).
-- +goose StatementBegin
CREATE FUNCTION pair_text(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN octet_length(t) > 512 THEN 'md5:' || md5(t) ELSE t END
$$;
-- +goose StatementEnd
INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
    SELECT 'payments', r.team_id, r.livemode, pair_text(j.key), pair_text(metadata_text(j.value)), r.created_at, r.id
        FROM payments r, jsonb_each(metadata_object(r.doc)) j WHERE jsonb_typeof(j.value) NOT IN ('object', 'array', 'null')
    UNION ALL
    SELECT 'receipts', r.team_id, r.livemode, pair_text(j.key), pair_text(metadata_text(j.value)), r.created_at, r.id
        FROM receipts r, jsonb_each(metadata_object(r.doc)) j WHERE jsonb_typeof(j.value) NOT IN ('object', 'array', 'null')
    UNION ALL
    SELECT 'clients', r.team_id, r.livemode, pair_text(j.key), pair_text(metadata_text(j.value)), r.created_at, r.id
        FROM clients r, jsonb_each(metadata_object(r.doc)) j WHERE jsonb_typeof(j.value) NOT IN ('object', 'array', 'null') AND r.deleted_at IS NULL
    UNION ALL
    SELECT 'services', r.team_id, r.livemode, pair_text(j.key), pair_text(metadata_text(j.value)), r.created_at, r.id
        FROM services r, jsonb_each(metadata_object(r.doc)) j WHERE jsonb_typeof(j.value) NOT IN ('object', 'array', 'null') AND r.deleted_at IS NULL;
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT m_list, m_team, m_mode, 'm' || length(m_key) || ':' || m_key || '=' || m_value, 0, count(*) FROM metadata_pairs
    GROUP BY m_list, m_team, m_mode, m_key, m_value;

-- +goose StatementBegin
CREATE FUNCTION metadata_pairs_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM metadata_pairs WHERE m_list = TG_TABLE_NAME AND m_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND (to_jsonb(NEW) ->> 'deleted_at') IS NULL THEN
        INSERT INTO metadata_pairs (m_list, m_team, m_mode, m_key, m_value, m_created, m_id)
            SELECT TG_TABLE_NAME, NEW.team_id, NEW.livemode, pair_text(j.key), pair_text(metadata_text(j.value)),
                NEW.created_at, NEW.id
            FROM jsonb_each(metadata_object(NEW.doc)) j WHERE jsonb_typeof(j.value) NOT IN ('object', 'array', 'null');
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION metadata_pairs_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM list_count(NEW.m_list, NEW.m_team, NEW.m_mode,
            ARRAY['m' || length(NEW.m_key) || ':' || NEW.m_key || '=' || NEW.m_value], 1);
    ELSE
        PERFORM list_count(OLD.m_list, OLD.m_team, OLD.m_mode,
            ARRAY['m' || length(OLD.m_key) || ':' || OLD.m_key || '=' || OLD.m_value], -1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER metadata_pairs_count AFTER INSERT OR DELETE ON metadata_pairs FOR EACH ROW
    EXECUTE FUNCTION metadata_pairs_count();
CREATE TRIGGER payments_pairs AFTER INSERT OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION metadata_pairs_sync();
CREATE TRIGGER payments_pairs_update AFTER UPDATE OF doc ON payments FOR EACH ROW
    WHEN (OLD.doc IS DISTINCT FROM NEW.doc) EXECUTE FUNCTION metadata_pairs_sync();
CREATE TRIGGER receipts_pairs AFTER INSERT OR DELETE ON receipts FOR EACH ROW EXECUTE FUNCTION metadata_pairs_sync();
CREATE TRIGGER receipts_pairs_update AFTER UPDATE OF doc ON receipts FOR EACH ROW
    WHEN (OLD.doc IS DISTINCT FROM NEW.doc) EXECUTE FUNCTION metadata_pairs_sync();
CREATE TRIGGER clients_pairs AFTER INSERT OR DELETE ON clients FOR EACH ROW EXECUTE FUNCTION metadata_pairs_sync();
CREATE TRIGGER clients_pairs_update AFTER UPDATE OF doc, deleted_at ON clients FOR EACH ROW
    WHEN (OLD.doc IS DISTINCT FROM NEW.doc OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION metadata_pairs_sync();
CREATE TRIGGER services_pairs AFTER INSERT OR DELETE ON services FOR EACH ROW EXECUTE FUNCTION metadata_pairs_sync();
CREATE TRIGGER services_pairs_update AFTER UPDATE OF doc, deleted_at ON services FOR EACH ROW
    WHEN (OLD.doc IS DISTINCT FROM NEW.doc OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION metadata_pairs_sync();

-- +goose Down
DROP TRIGGER services_pairs_update ON services;
DROP TRIGGER services_pairs ON services;
DROP TRIGGER clients_pairs_update ON clients;
DROP TRIGGER clients_pairs ON clients;
DROP TRIGGER receipts_pairs_update ON receipts;
DROP TRIGGER receipts_pairs ON receipts;
DROP TRIGGER payments_pairs_update ON payments;
DROP TRIGGER payments_pairs ON payments;
DROP TRIGGER metadata_pairs_count ON metadata_pairs;
DROP FUNCTION metadata_pairs_count();
DROP FUNCTION metadata_pairs_sync();
DELETE FROM list_counts WHERE facet LIKE 'm%' AND list IN ('payments', 'receipts', 'clients', 'services');
DROP FUNCTION pair_text(TEXT);
DROP FUNCTION metadata_text(jsonb);
DROP FUNCTION metadata_object(TEXT);
DROP TABLE metadata_pairs;
