-- +goose Up
-- Identifiers and sort keys use COLLATE "C" so that ordering and keyset
-- paging compare bytes, exactly as on SQLite, whatever the cluster's locale.
CREATE TABLE secrets (
    name       text COLLATE "C" NOT NULL PRIMARY KEY,
    value      bytea            NOT NULL,
    created_at timestamptz      NOT NULL DEFAULT now()
);

CREATE TABLE teams (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    parent_id  text COLLATE "C" REFERENCES teams (id),
    name       text             NOT NULL,
    legal_name text COLLATE "C" NOT NULL,
    tax_id     text             NOT NULL,
    tax_system text             NOT NULL,
    zip        text             NOT NULL,
    sandbox    boolean          NOT NULL DEFAULT false,
    created_at timestamptz      NOT NULL,
    updated_at timestamptz      NOT NULL
);
CREATE INDEX teams_created ON teams (created_at, id);
CREATE INDEX teams_legal_name ON teams (legal_name, id);
CREATE INDEX teams_parent ON teams (parent_id, created_at, id);

CREATE TABLE api_keys (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    team_id    text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode   boolean          NOT NULL,
    hash       bytea            NOT NULL,
    created_at timestamptz      NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX api_keys_team ON api_keys (team_id);

CREATE TABLE idempotency (
    key_team     text COLLATE "C" NOT NULL,
    target_team  text COLLATE "C" NOT NULL,
    livemode     boolean          NOT NULL,
    value        text COLLATE "C" NOT NULL,
    fingerprint  text             NOT NULL,
    done         boolean          NOT NULL DEFAULT false,
    status       integer          NOT NULL DEFAULT 0,
    content_type text             NOT NULL DEFAULT '',
    body         bytea,
    created_at   timestamptz      NOT NULL,
    PRIMARY KEY (key_team, target_team, livemode, value)
);
CREATE INDEX idempotency_created ON idempotency (created_at);

-- +goose Down
DROP TABLE idempotency;
DROP TABLE api_keys;
DROP TABLE teams;
DROP TABLE secrets;
