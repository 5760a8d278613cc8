-- +goose Up
-- Every change records its events in the same transaction (see sello.Store).
CREATE TABLE events (
    id         TEXT    NOT NULL PRIMARY KEY,
    team_id    TEXT    NOT NULL REFERENCES teams (id),
    livemode   INTEGER NOT NULL,
    type       TEXT    NOT NULL,
    object_id  TEXT    NOT NULL,
    data       BLOB    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX events_team ON events (team_id, livemode, created_at, id);

-- +goose Down
DROP TABLE events;
