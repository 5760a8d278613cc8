-- +goose Up
-- Payment search (q) from a trigram index, as invoices have (00040,
-- 00150; issue 16): the index is asked for the rarest trigrams of q, as
-- the statistics of the texts' trigrams rank them, and strpos checks q.
-- Payments are written one at a time: without the pending list, a search
-- does not read it to its end first (as clients, 00045).
CREATE INDEX payments_search ON payments USING gin (search gin_trgm_ops) WITH (fastupdate = off);
CREATE STATISTICS payments_trigrams ON (show_trgm(search)) FROM payments;

-- +goose Down
DROP STATISTICS payments_trigrams;
DROP INDEX payments_search;
