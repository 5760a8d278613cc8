-- +goose Up
-- Crash recovery (issue 12 §4): the running processes, what each holds,
-- and the sealed documents on their way to the stamping provider.
CREATE TABLE processes (
    id         TEXT    NOT NULL PRIMARY KEY,
    host       TEXT    NOT NULL,
    boot       TEXT    NOT NULL,
    pid        INTEGER NOT NULL,
    pid_start  TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    beat_at    INTEGER NOT NULL,
    -- the process recovering this one (dead), and until when
    claimed_by    TEXT    NOT NULL DEFAULT '',
    claimed_until INTEGER
) STRICT, WITHOUT ROWID;

-- A sealed document written before its provider call, deleted by the
-- commit that stores its invoice (or when it is handed back).
CREATE TABLE issuing (
    invoice_id TEXT    NOT NULL PRIMARY KEY,
    team_id    TEXT    NOT NULL,
    livemode   INTEGER NOT NULL,
    owner      TEXT    NOT NULL,
    series     TEXT    NOT NULL,
    folio      INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    xml        BLOB    NOT NULL, -- the sealed document
    record     BLOB    NOT NULL  -- what storing its invoice writes, as JSON
) STRICT, WITHOUT ROWID;
CREATE INDEX issuing_owner ON issuing (owner);

ALTER TABLE folio_reservations ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX idempotency_owner ON idempotency (owner) WHERE NOT done;

-- +goose Down
DROP INDEX idempotency_owner;
ALTER TABLE idempotency DROP COLUMN owner;
ALTER TABLE folio_reservations DROP COLUMN owner;
DROP TABLE issuing;
DROP TABLE processes;
