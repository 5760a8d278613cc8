-- +goose Up
-- One table for Sello's background work (issue 14 §2): a payment's
-- automations (from payment_jobs), a pending invoice's next attempt (from
-- invoices.next_stamp_at) and a webhook delivery's (from
-- webhook_deliveries.next_attempt_at); those two stay their object's fields.
CREATE TABLE jobs (
    id          TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    team_id     TEXT    NOT NULL,
    livemode    INTEGER NOT NULL,
    ref         TEXT    NOT NULL, -- the payment, the invoice
    arg         INTEGER NOT NULL, -- a complement's installment
    run_at      INTEGER NOT NULL, -- when it is due
    lease_until INTEGER,          -- the end of the claim that holds it
    attempts    INTEGER NOT NULL,
    last_error  TEXT    NOT NULL,
    done_at     INTEGER,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX jobs_once ON jobs (ref, kind, arg);
CREATE INDEX jobs_due ON jobs (kind, run_at) WHERE done_at IS NULL;

INSERT INTO jobs (id, kind, team_id, livemode, ref, arg, run_at, attempts, last_error, done_at, created_at)
SELECT id, kind, team_id, livemode, payment_id, installment, due, attempts, last_error, done_at, created_at
FROM payment_jobs;
INSERT INTO jobs (id, kind, team_id, livemode, ref, arg, run_at, attempts, last_error, done_at, created_at)
SELECT 'job_' || id, 'invoice', team_id, livemode, id, 0, next_stamp_at, 0, '', NULL, updated_at
FROM invoices WHERE next_stamp_at IS NOT NULL AND (status = 'pending' OR cancellation_status = 'pending');

INSERT INTO jobs (id, kind, team_id, livemode, ref, arg, run_at, attempts, last_error, done_at, created_at)
SELECT 'job_' || id, 'delivery', team_id, livemode, id, 0, next_attempt_at, attempts, coalesce(error, ''), NULL, created_at
FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at IS NOT NULL;

DROP TABLE payment_jobs;
DROP INDEX invoices_work;
DROP INDEX webhook_deliveries_due;

-- +goose Down
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX invoices_work ON invoices (next_stamp_at) WHERE status = 'pending' OR cancellation_status = 'pending';
CREATE TABLE payment_jobs (
    id          TEXT    NOT NULL PRIMARY KEY,
    team_id     TEXT    NOT NULL,
    livemode    INTEGER NOT NULL,
    payment_id  TEXT    NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    installment INTEGER NOT NULL,
    due         INTEGER NOT NULL,
    attempts    INTEGER NOT NULL,
    last_error  TEXT    NOT NULL,
    done_at     INTEGER,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX payment_jobs_once ON payment_jobs (payment_id, kind, installment);
CREATE INDEX payment_jobs_due ON payment_jobs (due) WHERE done_at IS NULL;
INSERT INTO payment_jobs (id, team_id, livemode, payment_id, kind, installment, due, attempts, last_error, done_at, created_at)
SELECT id, team_id, livemode, ref, kind, arg, run_at, attempts, last_error, done_at, created_at
FROM jobs WHERE kind IN ('pue_invoice', 'ppd_invoice', 'complement', 'receipt');
DROP TABLE jobs;
