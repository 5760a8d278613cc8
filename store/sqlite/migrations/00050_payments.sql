-- +goose Up
-- Payments (API.md §9.7). The columns are what lists filter and sort on;
-- doc holds the JSON of the rest (decimals as exact text). version guards
-- concurrent changes (UpdatePayment writes over the version it read).
CREATE TABLE payments (
    id         TEXT    NOT NULL PRIMARY KEY,
    team_id    TEXT    NOT NULL REFERENCES teams (id),
    livemode   INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    client_id  TEXT,
    currency   TEXT    NOT NULL,
    email      TEXT    NOT NULL, -- the client's, lower case
    tax_id     TEXT    NOT NULL, -- the client's, upper case
    search     TEXT    NOT NULL,
    sort_name  TEXT    NOT NULL, -- the client's legal name: order_by=name
    doc        TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX payments_team ON payments (team_id, livemode, created_at, id);
CREATE INDEX payments_name ON payments (team_id, livemode, sort_name, id);
CREATE INDEX payments_client ON payments (team_id, livemode, client_id, created_at, id) WHERE client_id IS NOT NULL;

-- The automations a payment change asked for, written in the same
-- transaction as the change: one per payment, kind and installment.
CREATE TABLE payment_jobs (
    id          TEXT    NOT NULL PRIMARY KEY,
    team_id     TEXT    NOT NULL,
    livemode    INTEGER NOT NULL,
    payment_id  TEXT    NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    installment INTEGER NOT NULL,
    due         INTEGER NOT NULL,
    attempts    INTEGER NOT NULL,
    last_error  TEXT    NOT NULL,
    done_at     INTEGER,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX payment_jobs_once ON payment_jobs (payment_id, kind, installment);
CREATE INDEX payment_jobs_due ON payment_jobs (due) WHERE done_at IS NULL;

-- A team's Stripe connection per mode: the secret key and the webhook
-- signing secret, sealed with the master key (AES-GCM).
CREATE TABLE team_stripe (
    team_id        TEXT NOT NULL REFERENCES teams (id),
    livemode       INTEGER NOT NULL,
    secret_key     BLOB NOT NULL,
    webhook_secret BLOB NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (team_id, livemode)
) STRICT;

-- +goose Down
DROP TABLE team_stripe;
DROP TABLE payment_jobs;
DROP TABLE payments;
