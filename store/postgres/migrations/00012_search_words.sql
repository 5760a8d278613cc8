-- +goose Up
-- Search (q) is word-prefix on the folded text (store/postgres/search.go):
-- words holds the words of search as a tsvector of exact lexemes, written
-- by the store; a GIN index on it replaces the trigram indexes of search.
-- Rows from before are split here with a regular expression.
ALTER TABLE clients ADD COLUMN words tsvector NOT NULL DEFAULT '';
UPDATE clients SET words = array_to_tsvector(array_remove(regexp_split_to_array(search, '[^[:alnum:]]+'), ''));
DROP INDEX clients_search;
CREATE INDEX clients_words ON clients USING gin (words) WHERE deleted_at IS NULL;

ALTER TABLE catalog_entries ADD COLUMN words tsvector NOT NULL DEFAULT '';
UPDATE catalog_entries SET words = array_to_tsvector(array_remove(regexp_split_to_array(search, '[^[:alnum:]]+'), ''));
DROP INDEX catalog_entries_search;
CREATE INDEX catalog_entries_words ON catalog_entries USING gin (words);

-- +goose Down
DROP INDEX catalog_entries_words;
ALTER TABLE catalog_entries DROP COLUMN words;
CREATE INDEX catalog_entries_search ON catalog_entries USING gin (search gin_trgm_ops);
DROP INDEX clients_words;
ALTER TABLE clients DROP COLUMN words;
CREATE INDEX clients_search ON clients USING gin (search gin_trgm_ops);
