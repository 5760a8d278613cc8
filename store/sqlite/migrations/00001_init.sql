-- +goose Up
-- Times are INTEGER unix nanoseconds, UTC. Booleans are INTEGER 0/1.
CREATE TABLE secrets (
    name       TEXT    NOT NULL PRIMARY KEY,
    value      BLOB    NOT NULL,
    created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000000000)
) STRICT, WITHOUT ROWID;

CREATE TABLE teams (
    id         TEXT    NOT NULL PRIMARY KEY,
    parent_id  TEXT    REFERENCES teams (id),
    name       TEXT    NOT NULL,
    legal_name TEXT    NOT NULL,
    tax_id     TEXT    NOT NULL,
    tax_system TEXT    NOT NULL,
    zip        TEXT    NOT NULL,
    sandbox    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX teams_created ON teams (created_at, id);
CREATE INDEX teams_legal_name ON teams (legal_name, id);
CREATE INDEX teams_parent ON teams (parent_id, created_at, id);

CREATE TABLE api_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    team_id    TEXT    NOT NULL REFERENCES teams (id),
    livemode   INTEGER NOT NULL,
    hash       BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX api_keys_team ON api_keys (team_id);

CREATE TABLE idempotency (
    key_team     TEXT    NOT NULL,
    target_team  TEXT    NOT NULL,
    livemode     INTEGER NOT NULL,
    value        TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    done         INTEGER NOT NULL DEFAULT 0,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT    NOT NULL DEFAULT '',
    body         BLOB,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (key_team, target_team, livemode, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_created ON idempotency (created_at);

-- +goose Down
DROP TABLE idempotency;
DROP TABLE api_keys;
DROP TABLE teams;
DROP TABLE secrets;
