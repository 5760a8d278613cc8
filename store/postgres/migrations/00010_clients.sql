-- +goose Up
-- Clients and services are soft-deleted (deleted_at): invoices keep their
-- snapshots. doc holds the JSON of the fields nobody filters on. search is
-- the folded (lower-case, unaccented) text that q and name filters match,
-- served by pg_trgm indexes (pg_trgm is a trusted extension since 13).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE clients (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    team_id     TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode    BOOLEAN     NOT NULL,
    name        TEXT        NOT NULL,
    legal_name  TEXT COLLATE "C" NOT NULL,
    tax_id      TEXT        NOT NULL,
    tax_system  TEXT        NOT NULL,
    use         TEXT        NOT NULL,
    email       TEXT        NOT NULL,
    phone       TEXT        NOT NULL,
    company     TEXT        NOT NULL,
    is_valid    BOOLEAN     NOT NULL,
    origin      TEXT        NOT NULL,
    doc         TEXT        NOT NULL,
    search      TEXT        NOT NULL,
    sort_name   TEXT NOT NULL, -- legal_name, US, name: the order of order_by=name
    name_search TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ
);
CREATE INDEX clients_team ON clients (team_id, livemode, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_name ON clients (team_id, livemode, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_tax_id ON clients (team_id, livemode, tax_id) WHERE deleted_at IS NULL;
CREATE INDEX clients_email ON clients (team_id, livemode, lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX clients_search ON clients USING gin (search gin_trgm_ops);

CREATE TABLE services (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    team_id      TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode     BOOLEAN     NOT NULL,
    description  TEXT COLLATE "C" NOT NULL,
    name         TEXT        NOT NULL,
    unit_price   TEXT        NOT NULL, -- exact decimal text
    price_micros BIGINT      NOT NULL, -- unit_price × 10^6, for price filters
    product_key  TEXT        NOT NULL,
    sku          TEXT,
    category     TEXT        NOT NULL,
    active       BOOLEAN     NOT NULL,
    origin       TEXT        NOT NULL,
    doc          TEXT        NOT NULL,
    search       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    deleted_at   TIMESTAMPTZ
);
CREATE INDEX services_team ON services (team_id, livemode, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX services_name ON services (team_id, livemode, description, id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX services_sku ON services (team_id, livemode, sku) WHERE sku IS NOT NULL AND deleted_at IS NULL;

-- +goose Down
DROP TABLE services;
DROP TABLE clients;
