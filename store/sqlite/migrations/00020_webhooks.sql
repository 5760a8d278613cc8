-- +goose Up
-- Webhook subscriptions and their deliveries (API.md §9.12). A delivery row
-- is created with the event, in the same transaction, for every matching
-- active subscription; workers claim due rows by moving next_attempt_at
-- forward (the lease) and record each attempt on the row.
CREATE TABLE webhooks (
    id                  TEXT    NOT NULL PRIMARY KEY,
    team_id             TEXT    NOT NULL REFERENCES teams (id),
    livemode            INTEGER NOT NULL,
    url                 TEXT    NOT NULL,
    events              TEXT    NOT NULL, -- JSON array of names
    status              TEXT    NOT NULL,
    description         TEXT,
    type                TEXT    NOT NULL,
    version             TEXT    NOT NULL,
    secret              TEXT    NOT NULL,
    previous_secret     TEXT    NOT NULL,
    previous_expires_at INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX webhooks_team ON webhooks (team_id, livemode, created_at, id);

CREATE TABLE webhook_deliveries (
    id              TEXT    NOT NULL PRIMARY KEY,
    webhook_id      TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        TEXT    NOT NULL REFERENCES events (id),
    team_id         TEXT    NOT NULL, -- the webhook's team
    event_team_id   TEXT    NOT NULL, -- the team the event concerns (a child, for gigstack_connect)
    livemode        INTEGER NOT NULL,
    event           TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER,
    last_attempt_at INTEGER,
    response_status INTEGER,
    response_body   TEXT,
    latency_ms      INTEGER,
    error           TEXT,
    payload         BLOB,
    history         TEXT    NOT NULL, -- JSON array of every attempt
    created_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
