-- +goose Up
-- Webhook subscriptions and their deliveries (API.md §9.12). A delivery row
-- is created with the event, in the same transaction, for every matching
-- active subscription; workers claim due rows with FOR UPDATE SKIP LOCKED by
-- moving next_attempt_at forward (the lease) and record each attempt on the row.
CREATE TABLE webhooks (
    id                  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    team_id             TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode            BOOLEAN     NOT NULL,
    url                 TEXT COLLATE "C" NOT NULL,
    events              TEXT        NOT NULL, -- JSON array of names
    status              TEXT        NOT NULL,
    description         TEXT,
    type                TEXT        NOT NULL,
    version             TEXT        NOT NULL,
    secret              TEXT        NOT NULL,
    previous_secret     TEXT        NOT NULL,
    previous_expires_at TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhooks_team ON webhooks (team_id, livemode, created_at, id);

CREATE TABLE webhook_deliveries (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    webhook_id      TEXT COLLATE "C" NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        TEXT COLLATE "C" NOT NULL REFERENCES events (id),
    team_id         TEXT COLLATE "C" NOT NULL, -- the webhook's team
    event_team_id   TEXT COLLATE "C" NOT NULL, -- the team the event concerns (a child, for gigstack_connect)
    livemode        BOOLEAN     NOT NULL,
    event           TEXT COLLATE "C" NOT NULL,
    status          TEXT        NOT NULL,
    attempts        INTEGER     NOT NULL,
    next_attempt_at TIMESTAMPTZ,
    last_attempt_at TIMESTAMPTZ,
    response_status INTEGER,
    response_body   TEXT,
    latency_ms      BIGINT,
    error           TEXT,
    payload         BYTEA,
    history         TEXT        NOT NULL, -- JSON array of every attempt
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
