-- +goose Up
-- Clients and services are soft-deleted (deleted_at): invoices keep their
-- snapshots. doc holds the JSON of the fields nobody filters on. search is
-- the folded (lower-case, unaccented) text that q and name filters match.
CREATE TABLE clients (
    id         TEXT    NOT NULL PRIMARY KEY,
    team_id    TEXT    NOT NULL REFERENCES teams (id),
    livemode   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    legal_name TEXT    NOT NULL,
    tax_id     TEXT    NOT NULL,
    tax_system TEXT    NOT NULL,
    use        TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    phone      TEXT    NOT NULL,
    company    TEXT    NOT NULL,
    is_valid   INTEGER NOT NULL,
    origin     TEXT    NOT NULL,
    doc        TEXT    NOT NULL,
    search     TEXT    NOT NULL,
    sort_name   TEXT NOT NULL, -- legal_name, US, name: the order of order_by=name
    name_search TEXT   NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
) STRICT, WITHOUT ROWID;
-- deleted_at and search end the key so that q is checked on the index
-- alone (covering): SQLite does not count the partial WHERE as covered.
CREATE INDEX clients_team ON clients (team_id, livemode, created_at, id, deleted_at, search) WHERE deleted_at IS NULL;
CREATE INDEX clients_name ON clients (team_id, livemode, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_tax_id ON clients (team_id, livemode, tax_id) WHERE deleted_at IS NULL;
CREATE INDEX clients_email ON clients (team_id, livemode, lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE services (
    id          TEXT    NOT NULL PRIMARY KEY,
    team_id     TEXT    NOT NULL REFERENCES teams (id),
    livemode    INTEGER NOT NULL,
    description TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    unit_price  TEXT    NOT NULL, -- exact decimal text
    price_micros INTEGER NOT NULL, -- unit_price × 10^6, for price filters
    product_key TEXT    NOT NULL,
    sku         TEXT,
    category    TEXT    NOT NULL,
    active      INTEGER NOT NULL,
    origin      TEXT    NOT NULL,
    doc         TEXT    NOT NULL,
    search      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX services_team ON services (team_id, livemode, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX services_name ON services (team_id, livemode, description, id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX services_sku ON services (team_id, livemode, sku) WHERE sku IS NOT NULL AND deleted_at IS NULL;

-- +goose Down
DROP TABLE services;
DROP TABLE clients;
