-- +goose Up
-- Kept totals of the event and webhook delivery lists (issue 16), which
-- grow fastest: several events for each change, a delivery for each event
-- and webhook. list_counts keeps how many rows a list has under each facet:
--
--   events              ''  and  t=<type>
--   webhook_deliveries  w=<webhook>, w=<webhook>|s=<status>, w=<webhook>|e=<event>
--
-- Triggers keep them in the transaction of every insert, status change and
-- deletion; sqlstore writes the same keys to sum them.
CREATE TABLE list_counts (
    list     TEXT    NOT NULL,
    team_id  TEXT    NOT NULL,
    livemode INTEGER NOT NULL,
    facet    TEXT    NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (list, team_id, livemode, facet)
) STRICT, WITHOUT ROWID;

CREATE VIEW list_facets (list, id, team_id, livemode, facet) AS
    SELECT 'events', e.id, e.team_id, e.livemode, f.value
        FROM events e, json_each(json_array('', 't=' || e.type)) f
    UNION ALL
    SELECT 'webhook_deliveries', d.id, d.team_id, d.livemode, f.value
        FROM webhook_deliveries d, json_each(json_array('w=' || d.webhook_id, 'w=' || d.webhook_id || '|s=' || d.status,
            'w=' || d.webhook_id || '|e=' || d.event)) f;
INSERT INTO list_counts (list, team_id, livemode, facet, n)
    SELECT list, team_id, livemode, facet, count(*) FROM list_facets GROUP BY list, team_id, livemode, facet;

-- +goose StatementBegin
CREATE TRIGGER events_count_insert AFTER INSERT ON events BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        SELECT list, team_id, livemode, facet, 1 FROM list_facets WHERE list = 'events' AND id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER events_uncount_delete BEFORE DELETE ON events BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'events' AND team_id = OLD.team_id AND livemode = OLD.livemode
        AND facet IN (SELECT facet FROM list_facets WHERE list = 'events' AND id = OLD.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER deliveries_count_insert AFTER INSERT ON webhook_deliveries BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        SELECT list, team_id, livemode, facet, 1 FROM list_facets WHERE list = 'webhook_deliveries' AND id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER deliveries_uncount_update BEFORE UPDATE OF status ON webhook_deliveries WHEN OLD.status <> NEW.status BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'webhook_deliveries' AND team_id = OLD.team_id AND livemode = OLD.livemode
        AND facet = 'w=' || OLD.webhook_id || '|s=' || OLD.status;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER deliveries_count_update AFTER UPDATE OF status ON webhook_deliveries WHEN OLD.status <> NEW.status BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        VALUES ('webhook_deliveries', NEW.team_id, NEW.livemode, 'w=' || NEW.webhook_id || '|s=' || NEW.status, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER deliveries_uncount_delete BEFORE DELETE ON webhook_deliveries BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'webhook_deliveries' AND team_id = OLD.team_id AND livemode = OLD.livemode
        AND facet IN (SELECT facet FROM list_facets WHERE list = 'webhook_deliveries' AND id = OLD.id);
END;
-- +goose StatementEnd

-- The filters' own indexes: an event type, a delivery's status or event.
CREATE INDEX events_type ON events (team_id, livemode, type, created_at, id);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (webhook_id, status, created_at, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (webhook_id, event, created_at, id);

-- +goose Down
DROP INDEX webhook_deliveries_event;
DROP INDEX webhook_deliveries_status;
DROP INDEX events_type;
DROP TRIGGER deliveries_uncount_delete;
DROP TRIGGER deliveries_count_update;
DROP TRIGGER deliveries_uncount_update;
DROP TRIGGER deliveries_count_insert;
DROP TRIGGER events_uncount_delete;
DROP TRIGGER events_count_insert;
DROP VIEW list_facets;
DROP TABLE list_counts;
