-- +goose Up
-- Every change records its events in the same transaction (see sello.Store).
CREATE TABLE events (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    team_id    TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
    livemode   BOOLEAN     NOT NULL,
    type       TEXT        NOT NULL,
    object_id  TEXT        NOT NULL,
    data       BYTEA       NOT NULL, -- exact JSON bytes: JSONB would reorder keys
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_team ON events (team_id, livemode, created_at, id);

-- +goose Down
DROP TABLE events;
