-- +goose Up
-- Receipts (API.md §9.8). The columns are what lists filter and sort on and
-- what claims test; doc holds the JSON of the rest (decimals as exact text).
-- holder and claimed_until are the lease of whoever is issuing the
-- receipt's invoice (a stamp or the period's global invoice).
CREATE TABLE receipts (
    id            text COLLATE "C" NOT NULL PRIMARY KEY,
    team_id       text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode      boolean          NOT NULL,
    status        text             NOT NULL,
    client_id     text COLLATE "C",
    valid_until   timestamptz      NOT NULL,
    holder        text COLLATE "C",
    claimed_until timestamptz,
    sort_name     text COLLATE "C" NOT NULL, -- the client's legal name: order_by=name
    doc           text             NOT NULL,
    created_at    timestamptz      NOT NULL,
    updated_at    timestamptz      NOT NULL
);
CREATE INDEX receipts_team ON receipts (team_id, livemode, created_at, id);
CREATE INDEX receipts_name ON receipts (team_id, livemode, sort_name, id);
CREATE INDEX receipts_client ON receipts (team_id, livemode, client_id, created_at, id) WHERE client_id IS NOT NULL;
CREATE INDEX receipts_pending ON receipts (valid_until) WHERE status = 'pending';

-- The global invoice of each team, mode and period: one row, claimed by the
-- replica that makes it, done once its invoice is stored.
CREATE TABLE global_invoice_runs (
    team_id       text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode      boolean          NOT NULL,
    periodicity   text             NOT NULL,
    period_start  timestamptz      NOT NULL,
    period_end    timestamptz      NOT NULL,
    holder        text COLLATE "C" NOT NULL,
    claimed_until timestamptz,
    invoice_id    text COLLATE "C",
    done          boolean          NOT NULL,
    PRIMARY KEY (team_id, livemode, periodicity, period_start)
);

-- +goose Down
DROP TABLE global_invoice_runs;
DROP TABLE receipts;
