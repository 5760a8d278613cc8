-- +goose Up
-- Statistics of the trigrams of invoices' search texts (issue 16;
-- store/postgres/text_search.go): ANALYZE samples the texts and keeps
-- their most common trigrams with the share of invoices holding each, so
-- that a search asks the trigram index for the rarest trigrams of q only.
-- Expression statistics need PostgreSQL 14 or later.
CREATE STATISTICS invoices_trigrams ON (show_trgm(search)) FROM invoices;

-- +goose Down
DROP STATISTICS invoices_trigrams;
