-- +goose Up
-- Kept totals of the event and webhook delivery lists (issue 16), which
-- grow fastest: several events for each change, a delivery for each event
-- and webhook. list_counts keeps how many rows a list has under each facet:
--
--   events              ''  and  t=<type>
--   webhook_deliveries  w=<webhook>, w=<webhook>|s=<status>, w=<webhook>|e=<event>
--
-- Triggers keep them in the transaction of every insert, status change and
-- deletion; sqlstore writes the same keys to sum them. Each transaction
-- writes its changes to one of eight slots (by its id), so that concurrent
-- writers of one team seldom wait on the same row; totals sum the slots.
CREATE TABLE list_counts (
    list     TEXT             NOT NULL,
    team_id  TEXT COLLATE "C" NOT NULL,
    livemode BOOLEAN          NOT NULL,
    facet    TEXT COLLATE "C" NOT NULL,
    slot     SMALLINT         NOT NULL,
    n        BIGINT           NOT NULL,
    PRIMARY KEY (list, team_id, livemode, facet, slot)
);
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT 'events', team_id, livemode, f, 0, count(*) FROM events, unnest(ARRAY['', 't=' || type]) f
    GROUP BY team_id, livemode, f;
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT 'webhook_deliveries', team_id, livemode, f, 0, count(*) FROM webhook_deliveries,
        unnest(ARRAY['w=' || webhook_id, 'w=' || webhook_id || '|s=' || status, 'w=' || webhook_id || '|e=' || event]) f
    GROUP BY team_id, livemode, f;

-- +goose StatementBegin
CREATE FUNCTION list_count(of_list TEXT, team TEXT, mode BOOLEAN, facets TEXT[], delta INT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_counts AS c (list, team_id, livemode, facet, slot, n)
        SELECT of_list, team, mode, f, txid_current() % 8, delta FROM unnest(facets) f
        ON CONFLICT (list, team_id, livemode, facet, slot) DO UPDATE SET n = c.n + excluded.n;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION events_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM list_count('events', NEW.team_id, NEW.livemode, ARRAY['', 't=' || NEW.type], 1);
    ELSE
        PERFORM list_count('events', OLD.team_id, OLD.livemode, ARRAY['', 't=' || OLD.type], -1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION deliveries_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM list_count('webhook_deliveries', NEW.team_id, NEW.livemode, ARRAY['w=' || NEW.webhook_id,
            'w=' || NEW.webhook_id || '|s=' || NEW.status, 'w=' || NEW.webhook_id || '|e=' || NEW.event], 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM list_count('webhook_deliveries', OLD.team_id, OLD.livemode, ARRAY['w=' || OLD.webhook_id,
            'w=' || OLD.webhook_id || '|s=' || OLD.status, 'w=' || OLD.webhook_id || '|e=' || OLD.event], -1);
    ELSE
        PERFORM list_count('webhook_deliveries', OLD.team_id, OLD.livemode, ARRAY['w=' || OLD.webhook_id || '|s=' || OLD.status], -1);
        PERFORM list_count('webhook_deliveries', NEW.team_id, NEW.livemode, ARRAY['w=' || NEW.webhook_id || '|s=' || NEW.status], 1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER events_count AFTER INSERT OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_count();
CREATE TRIGGER deliveries_count AFTER INSERT OR DELETE ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION deliveries_count();
CREATE TRIGGER deliveries_count_update AFTER UPDATE OF status ON webhook_deliveries FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION deliveries_count();

-- The filters' own indexes: an event type, a delivery's status or event.
CREATE INDEX events_type ON events (team_id, livemode, type, created_at, id);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (webhook_id, status, created_at, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (webhook_id, event, created_at, id);

-- +goose Down
DROP INDEX webhook_deliveries_event;
DROP INDEX webhook_deliveries_status;
DROP INDEX events_type;
DROP TRIGGER deliveries_count_update ON webhook_deliveries;
DROP TRIGGER deliveries_count ON webhook_deliveries;
DROP TRIGGER events_count ON events;
DROP FUNCTION deliveries_count();
DROP FUNCTION events_count();
DROP FUNCTION list_count(TEXT, TEXT, BOOLEAN, TEXT[], INT);
DROP TABLE list_counts;
