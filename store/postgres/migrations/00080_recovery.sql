-- +goose Up
-- Crash recovery (issue 12 §4): the running processes, what each holds,
-- and the sealed documents on their way to the stamping provider.
CREATE TABLE processes (
    id         text        NOT NULL PRIMARY KEY,
    host       text        NOT NULL,
    boot       text        NOT NULL,
    pid        integer     NOT NULL,
    pid_start  text        NOT NULL,
    started_at timestamptz NOT NULL,
    beat_at    timestamptz NOT NULL,
    -- the process recovering this one (dead), and until when
    claimed_by    text     NOT NULL DEFAULT '',
    claimed_until timestamptz
);

-- A sealed document written before its provider call, deleted by the
-- commit that stores its invoice (or when it is handed back).
CREATE TABLE issuing (
    invoice_id text        NOT NULL PRIMARY KEY,
    team_id    text        NOT NULL,
    livemode   boolean     NOT NULL,
    owner      text        NOT NULL,
    series     text        NOT NULL,
    folio      bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    xml        bytea       NOT NULL, -- the sealed document
    record     bytea       NOT NULL  -- what storing its invoice writes, as JSON
);
-- Written and deleted once per invoice: not worth compressing.
ALTER TABLE issuing ALTER COLUMN record SET STORAGE EXTERNAL;
ALTER TABLE issuing ALTER COLUMN xml SET STORAGE EXTERNAL;
CREATE INDEX issuing_owner ON issuing (owner);

ALTER TABLE folio_reservations ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE idempotency ADD COLUMN owner text NOT NULL DEFAULT '';
CREATE INDEX idempotency_owner ON idempotency (owner) WHERE NOT done;

-- +goose Down
DROP INDEX idempotency_owner;
ALTER TABLE idempotency DROP COLUMN owner;
ALTER TABLE folio_reservations DROP COLUMN owner;
DROP TABLE issuing;
DROP TABLE processes;
