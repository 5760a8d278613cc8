-- +goose Up
-- Payments (API.md §9.7). The columns are what lists filter and sort on;
-- doc holds the JSON of the rest (decimals as exact text). version guards
-- concurrent changes (UpdatePayment writes over the version it read).
CREATE TABLE payments (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    team_id    text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode   boolean          NOT NULL,
    status     text             NOT NULL,
    client_id  text COLLATE "C",
    currency   text             NOT NULL,
    email      text             NOT NULL, -- the client's, lower case
    tax_id     text             NOT NULL, -- the client's, upper case
    search     text             NOT NULL,
    sort_name  text COLLATE "C" NOT NULL, -- the client's legal name: order_by=name
    doc        text             NOT NULL,
    version    integer          NOT NULL,
    created_at timestamptz      NOT NULL,
    updated_at timestamptz      NOT NULL
);
CREATE INDEX payments_team ON payments (team_id, livemode, created_at, id);
CREATE INDEX payments_name ON payments (team_id, livemode, sort_name, id);
CREATE INDEX payments_client ON payments (team_id, livemode, client_id, created_at, id) WHERE client_id IS NOT NULL;

-- The automations a payment change asked for, written in the same
-- transaction as the change: one per payment, kind and installment.
CREATE TABLE payment_jobs (
    id          text COLLATE "C" NOT NULL PRIMARY KEY,
    team_id     text COLLATE "C" NOT NULL,
    livemode    boolean          NOT NULL,
    payment_id  text COLLATE "C" NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    kind        text             NOT NULL,
    installment integer          NOT NULL,
    due         timestamptz      NOT NULL,
    attempts    integer          NOT NULL,
    last_error  text             NOT NULL,
    done_at     timestamptz,
    created_at  timestamptz      NOT NULL
);
CREATE UNIQUE INDEX payment_jobs_once ON payment_jobs (payment_id, kind, installment);
CREATE INDEX payment_jobs_due ON payment_jobs (due) WHERE done_at IS NULL;

-- A team's Stripe connection per mode: the secret key and the webhook
-- signing secret, sealed with the master key (AES-GCM).
CREATE TABLE team_stripe (
    team_id        text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode       boolean NOT NULL,
    secret_key     bytea NOT NULL,
    webhook_secret bytea NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (team_id, livemode)
);

-- +goose Down
DROP TABLE team_stripe;
DROP TABLE payment_jobs;
DROP TABLE payments;
