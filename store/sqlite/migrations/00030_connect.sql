-- +goose Up
-- Connect (API.md §9.9–§9.13): the team's profile as JSON, its owner and soft
-- deletion; CSDs per mode; users, memberships, series and settings.
ALTER TABLE teams ADD COLUMN profile BLOB NOT NULL DEFAULT x'7b7d'; -- JSON bytes, '{}'
ALTER TABLE teams ADD COLUMN owner_id TEXT;
ALTER TABLE teams ADD COLUMN deleted_at INTEGER;

CREATE TABLE team_csds (
    team_id         TEXT    NOT NULL REFERENCES teams (id),
    livemode        INTEGER NOT NULL,
    certificate     BLOB    NOT NULL,
    sealed_key      BLOB    NOT NULL,
    sealed_password BLOB    NOT NULL,
    no_certificado  TEXT    NOT NULL,
    rfc             TEXT    NOT NULL,
    not_before      INTEGER NOT NULL,
    not_after       INTEGER NOT NULL,
    connected_at    INTEGER NOT NULL,
    PRIMARY KEY (team_id, livemode)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
    id              TEXT    NOT NULL PRIMARY KEY,
    email           TEXT    NOT NULL UNIQUE,
    first_name      TEXT    NOT NULL,
    last_name       TEXT    NOT NULL,
    phone           TEXT    NOT NULL,
    company_role    TEXT    NOT NULL,
    address         BLOB    NOT NULL,
    zip             TEXT    NOT NULL,
    created_by_team TEXT    NOT NULL REFERENCES teams (id),
    created_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX users_created ON users (created_at, id);
CREATE INDEX users_email ON users (email, id);
CREATE INDEX users_creator ON users (created_by_team);

CREATE TABLE team_members (
    team_id     TEXT    NOT NULL REFERENCES teams (id),
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT    NOT NULL,
    permissions BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE series (
    id         TEXT    NOT NULL PRIMARY KEY,
    team_id    TEXT    NOT NULL REFERENCES teams (id),
    name       TEXT    NOT NULL,
    next_live  INTEGER NOT NULL,
    next_test  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (team_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE team_settings (
    team_id TEXT NOT NULL PRIMARY KEY REFERENCES teams (id),
    data    BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE team_settings;
DROP TABLE series;
DROP TABLE team_members;
DROP TABLE users;
DROP TABLE team_csds;
ALTER TABLE teams DROP COLUMN deleted_at;
ALTER TABLE teams DROP COLUMN owner_id;
ALTER TABLE teams DROP COLUMN profile;
