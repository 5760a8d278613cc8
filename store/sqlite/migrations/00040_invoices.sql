-- +goose Up
-- Invoices (API.md §9.6). The columns are what lists filter and sort on;
-- doc holds the JSON of the rest (decimals as exact text), and the document
-- itself is kept byte for byte in xml. search is the folded text q matches.
-- A rowid table: the rows carry the XML and PDF blobs.
CREATE TABLE invoices (
    id                   TEXT    NOT NULL PRIMARY KEY,
    team_id              TEXT    NOT NULL REFERENCES teams (id),
    livemode             INTEGER NOT NULL,
    uuid                 TEXT,             -- upper case; NULL until stamped
    type                 TEXT    NOT NULL,
    status               TEXT    NOT NULL,
    series               TEXT    NOT NULL,
    folio                INTEGER NOT NULL, -- 0: none
    client_id            TEXT,
    payment_id           TEXT,
    receipt_id           TEXT,
    cancellation_status  TEXT    NOT NULL,
    next_stamp_at        INTEGER,
    search               TEXT    NOT NULL,
    sort_name            TEXT    NOT NULL, -- the client's legal name: order_by=name
    doc                  TEXT    NOT NULL,
    xml                  BLOB,
    preview_pdf          BLOB,
    draft                BLOB,
    cancellation_receipt BLOB,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;
-- status, type and search end the keys so that lists count and filter on the
-- index alone (covering): the rows, with their documents, are read only for
-- the page.
CREATE INDEX invoices_team ON invoices (team_id, livemode, created_at, id, status, type, search);
CREATE INDEX invoices_name ON invoices (team_id, livemode, sort_name, id);
CREATE UNIQUE INDEX invoices_uuid ON invoices (team_id, livemode, uuid) WHERE uuid IS NOT NULL;
CREATE UNIQUE INDEX invoices_folio ON invoices (team_id, livemode, series, folio) WHERE status <> 'draft' AND folio > 0;
CREATE INDEX invoices_client ON invoices (team_id, livemode, client_id, created_at, id, status, type) WHERE client_id IS NOT NULL;
CREATE INDEX invoices_work ON invoices (next_stamp_at) WHERE status = 'pending' OR cancellation_status = 'pending';

-- The invoices each payment complement (type P) pays, by folio fiscal.
CREATE TABLE invoice_payments (
    payment_invoice_id TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    paid_uuid          TEXT NOT NULL, -- upper case
    PRIMARY KEY (payment_invoice_id, paid_uuid)
) STRICT, WITHOUT ROWID;
CREATE INDEX invoice_payments_paid ON invoice_payments (paid_uuid);

-- Folios handed out and not yet used by an invoice. A row whose expires_at
-- has passed (0: given back) is handed out again before the series counter
-- advances.
CREATE TABLE folio_reservations (
    team_id    TEXT    NOT NULL REFERENCES teams (id),
    livemode   INTEGER NOT NULL,
    series     TEXT    NOT NULL,
    folio      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, livemode, series, folio)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE folio_reservations;
DROP TABLE invoice_payments;
DROP TABLE invoices;
