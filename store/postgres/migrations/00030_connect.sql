-- +goose Up
-- Connect (API.md §9.9–§9.13): the team's profile as JSON, its owner and soft
-- deletion; CSDs per mode; users, memberships, series and settings.
ALTER TABLE teams ADD COLUMN profile bytea NOT NULL DEFAULT '\x7b7d'; -- exact JSON bytes, '{}'
ALTER TABLE teams ADD COLUMN owner_id text COLLATE "C";
ALTER TABLE teams ADD COLUMN deleted_at timestamptz;

CREATE TABLE team_csds (
    team_id         text COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode        boolean          NOT NULL,
    certificate     bytea            NOT NULL,
    sealed_key      bytea            NOT NULL,
    sealed_password bytea            NOT NULL,
    no_certificado  text             NOT NULL,
    rfc             text             NOT NULL,
    not_before      timestamptz      NOT NULL,
    not_after       timestamptz      NOT NULL,
    connected_at    timestamptz      NOT NULL,
    PRIMARY KEY (team_id, livemode)
);

CREATE TABLE users (
    id              text COLLATE "C" NOT NULL PRIMARY KEY,
    email           text COLLATE "C" NOT NULL UNIQUE,
    first_name      text             NOT NULL,
    last_name       text             NOT NULL,
    phone           text             NOT NULL,
    company_role    text             NOT NULL,
    address         bytea            NOT NULL,
    zip             text             NOT NULL,
    created_by_team text COLLATE "C" NOT NULL REFERENCES teams (id),
    created_at      timestamptz      NOT NULL
);
CREATE INDEX users_created ON users (created_at, id);
CREATE INDEX users_email ON users (email, id);
CREATE INDEX users_creator ON users (created_by_team);

CREATE TABLE team_members (
    team_id     text COLLATE "C" NOT NULL REFERENCES teams (id),
    user_id     text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text             NOT NULL,
    permissions bytea            NOT NULL,
    created_at  timestamptz      NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE series (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    team_id    text COLLATE "C" NOT NULL REFERENCES teams (id),
    name       text COLLATE "C" NOT NULL,
    next_live  bigint           NOT NULL,
    next_test  bigint           NOT NULL,
    created_at timestamptz      NOT NULL,
    UNIQUE (team_id, name)
);

CREATE TABLE team_settings (
    team_id text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES teams (id),
    data    bytea            NOT NULL
);

-- +goose Down
DROP TABLE team_settings;
DROP TABLE series;
DROP TABLE team_members;
DROP TABLE users;
DROP TABLE team_csds;
ALTER TABLE teams DROP COLUMN deleted_at;
ALTER TABLE teams DROP COLUMN owner_id;
ALTER TABLE teams DROP COLUMN profile;
