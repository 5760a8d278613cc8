-- +goose Up
-- An invoice's XML and JSON document stored together, compressed (issue
-- 16; store/sqlstore/invoice_body.go): body holds both, without the XML's
-- certificate, which invoice_certificates keeps once, keyed by the first
-- 16 bytes of its SHA-256. Rows written before keep doc and xml (body
-- NULL) and are read from them until they are written again.
ALTER TABLE invoices ADD COLUMN body BLOB;
CREATE TABLE invoice_certificates (
    hash        BLOB NOT NULL PRIMARY KEY,
    certificate BLOB NOT NULL
) STRICT;

-- +goose Down
-- Rows written with a body lose their XML and document: a downgrade past
-- this migration is only for a database that has none.
DROP TABLE invoice_certificates;
ALTER TABLE invoices DROP COLUMN body;
