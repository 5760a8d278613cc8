-- +goose Up
-- Invoices (API.md §9.6). The columns are what lists filter and sort on;
-- doc holds the JSON of the rest (decimals as exact text), and the document
-- itself is kept byte for byte in xml. search is the folded text q matches,
-- served by a pg_trgm index (the extension comes with 00010).
CREATE TABLE invoices (
    id                   text COLLATE "C" NOT NULL PRIMARY KEY,
    team_id              text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode             boolean          NOT NULL,
    uuid                 text COLLATE "C",          -- upper case; NULL until stamped
    type                 text             NOT NULL,
    status               text             NOT NULL,
    series               text COLLATE "C" NOT NULL,
    folio                bigint           NOT NULL, -- 0: none
    client_id            text COLLATE "C",
    payment_id           text COLLATE "C",
    receipt_id           text COLLATE "C",
    cancellation_status  text             NOT NULL,
    next_stamp_at        timestamptz,
    search               text             NOT NULL,
    sort_name            text COLLATE "C" NOT NULL, -- the client's legal name: order_by=name
    doc                  text             NOT NULL,
    xml                  bytea,
    preview_pdf          bytea,
    draft                bytea,
    cancellation_receipt bytea,
    created_at           timestamptz      NOT NULL,
    updated_at           timestamptz      NOT NULL
);
-- status and type are included so that lists count on the index alone.
CREATE INDEX invoices_team ON invoices (team_id, livemode, created_at, id) INCLUDE (status, type);
CREATE INDEX invoices_name ON invoices (team_id, livemode, sort_name, id);
CREATE UNIQUE INDEX invoices_uuid ON invoices (team_id, livemode, uuid) WHERE uuid IS NOT NULL;
CREATE UNIQUE INDEX invoices_folio ON invoices (team_id, livemode, series, folio) WHERE status <> 'draft' AND folio > 0;
CREATE INDEX invoices_client ON invoices (team_id, livemode, client_id, created_at, id) INCLUDE (status, type) WHERE client_id IS NOT NULL;
CREATE INDEX invoices_work ON invoices (next_stamp_at) WHERE status = 'pending' OR cancellation_status = 'pending';
CREATE INDEX invoices_search ON invoices USING gin (search gin_trgm_ops);

-- The invoices each payment complement (type P) pays, by folio fiscal.
CREATE TABLE invoice_payments (
    payment_invoice_id text COLLATE "C" NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    paid_uuid          text COLLATE "C" NOT NULL, -- upper case
    PRIMARY KEY (payment_invoice_id, paid_uuid)
);
CREATE INDEX invoice_payments_paid ON invoice_payments (paid_uuid);

-- Folios handed out and not yet used by an invoice. A row whose expires_at
-- has passed (the epoch: given back) is handed out again before the series
-- counter advances.
CREATE TABLE folio_reservations (
    team_id    text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode   boolean          NOT NULL,
    series     text COLLATE "C" NOT NULL,
    folio      bigint           NOT NULL,
    expires_at timestamptz      NOT NULL,
    PRIMARY KEY (team_id, livemode, series, folio)
);

-- +goose Down
DROP TABLE folio_reservations;
DROP TABLE invoice_payments;
DROP TABLE invoices;
