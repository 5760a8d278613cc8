-- +goose Up
-- Payment lists by currency, e-mail or tax id walk an index that leads
-- with the filter, in creation order, instead of the team's payments
-- (issue 16). Their totals are counted on that index.
CREATE INDEX payments_currency ON payments (team_id, livemode, currency, created_at, id);
CREATE INDEX payments_email ON payments (team_id, livemode, email, created_at, id);
CREATE INDEX payments_tax_id ON payments (team_id, livemode, tax_id, created_at, id);

-- +goose Down
DROP INDEX payments_tax_id;
DROP INDEX payments_email;
DROP INDEX payments_currency;
