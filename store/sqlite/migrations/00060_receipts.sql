-- +goose Up
-- Receipts (API.md §9.8). The columns are what lists filter and sort on and
-- what claims test; doc holds the JSON of the rest (decimals as exact text).
-- holder and claimed_until are the lease of whoever is issuing the
-- receipt's invoice (a stamp or the period's global invoice).
CREATE TABLE receipts (
    id            TEXT    NOT NULL PRIMARY KEY,
    team_id       TEXT    NOT NULL REFERENCES teams (id),
    livemode      INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    client_id     TEXT,
    valid_until   INTEGER NOT NULL,
    holder        TEXT,
    claimed_until INTEGER,
    sort_name     TEXT    NOT NULL, -- the client's legal name: order_by=name
    doc           TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX receipts_team ON receipts (team_id, livemode, created_at, id);
CREATE INDEX receipts_name ON receipts (team_id, livemode, sort_name, id);
CREATE INDEX receipts_client ON receipts (team_id, livemode, client_id, created_at, id) WHERE client_id IS NOT NULL;
CREATE INDEX receipts_pending ON receipts (valid_until) WHERE status = 'pending';

-- The global invoice of each team, mode and period: one row, claimed by the
-- replica that makes it, done once its invoice is stored.
CREATE TABLE global_invoice_runs (
    team_id       TEXT    NOT NULL REFERENCES teams (id),
    livemode      INTEGER NOT NULL,
    periodicity   TEXT    NOT NULL,
    period_start  INTEGER NOT NULL,
    period_end    INTEGER NOT NULL,
    holder        TEXT    NOT NULL,
    claimed_until INTEGER,
    invoice_id    TEXT,
    done          INTEGER NOT NULL,
    PRIMARY KEY (team_id, livemode, periodicity, period_start)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE global_invoice_runs;
DROP TABLE receipts;
