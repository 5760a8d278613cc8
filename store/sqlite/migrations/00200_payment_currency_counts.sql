-- +goose Up
-- The total of a payment list by currency alone is kept (issue 16), as its
-- other common totals are (00130): facet u=<currency> of list_counts.
INSERT INTO list_counts (list, team_id, livemode, facet, n)
    SELECT 'payments', team_id, livemode, 'u=' || currency, count(*) FROM payments
    GROUP BY team_id, livemode, currency;
-- +goose StatementBegin
CREATE TRIGGER payments_currency_insert AFTER INSERT ON payments BEGIN
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        VALUES ('payments', NEW.team_id, NEW.livemode, 'u=' || NEW.currency, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_currency_update AFTER UPDATE OF currency ON payments WHEN OLD.currency <> NEW.currency BEGIN
    UPDATE list_counts SET n = n - 1
        WHERE list = 'payments' AND team_id = OLD.team_id AND livemode = OLD.livemode AND facet = 'u=' || OLD.currency;
    INSERT INTO list_counts (list, team_id, livemode, facet, n)
        VALUES ('payments', NEW.team_id, NEW.livemode, 'u=' || NEW.currency, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER payments_currency_delete AFTER DELETE ON payments BEGIN
    UPDATE list_counts SET n = n - 1
        WHERE list = 'payments' AND team_id = OLD.team_id AND livemode = OLD.livemode AND facet = 'u=' || OLD.currency;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER payments_currency_delete;
DROP TRIGGER payments_currency_update;
DROP TRIGGER payments_currency_insert;
DELETE FROM list_counts WHERE list = 'payments' AND facet LIKE 'u=%';
