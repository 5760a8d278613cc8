-- +goose Up
-- The total of a payment list by currency alone is kept (issue 16), as its
-- other common totals are (00130): facet u=<currency> of list_counts.
INSERT INTO list_counts (list, team_id, livemode, facet, slot, n)
    SELECT 'payments', team_id, livemode, 'u=' || currency, 0, count(*) FROM payments
    GROUP BY team_id, livemode, currency;
-- +goose StatementBegin
CREATE FUNCTION currency_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM list_count('payments', OLD.team_id, OLD.livemode, ARRAY['u=' || OLD.currency], -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM list_count('payments', NEW.team_id, NEW.livemode, ARRAY['u=' || NEW.currency], 1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER payments_currency_count AFTER INSERT OR DELETE ON payments FOR EACH ROW
    EXECUTE FUNCTION currency_count();
CREATE TRIGGER payments_currency_count_update AFTER UPDATE OF currency ON payments FOR EACH ROW
    WHEN (OLD.currency IS DISTINCT FROM NEW.currency) EXECUTE FUNCTION currency_count();

-- +goose Down
DROP TRIGGER payments_currency_count_update ON payments;
DROP TRIGGER payments_currency_count ON payments;
DROP FUNCTION currency_count();
DELETE FROM list_counts WHERE list = 'payments' AND facet LIKE 'u=%';
