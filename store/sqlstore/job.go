package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/sello-mx/sello"
)

// The jobs table holds Sello's background work of every kind (sello.Job):
// inserted in the transaction of the change that causes it, claimed with a
// lease by moving run_at to the lease's end (UPDATE … RETURNING over the
// due rows of one partial index, with the dialect's SKIP LOCKED), ended by
// setting done_at. Done jobs stay: a payment's jobs say what its automation
// already did.

const jobColumns = `id, kind, team_id, livemode, ref, arg, run_at, attempts, last_error, done_at, created_at`

// putJobs inserts new jobs and writes the mutable fields of known ones.
func (db *DB) putJobs(ctx context.Context, tx Execer, jobs []*sello.Job) error {
	for _, j := range jobs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO jobs (`+jobColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (id) DO UPDATE SET run_at = excluded.run_at, attempts = excluded.attempts,
			last_error = excluded.last_error, done_at = excluded.done_at`,
			j.ID, j.Kind, j.TeamID, j.Livemode, j.Ref, j.Arg, db.t(j.RunAt), j.Attempts,
			j.LastError, db.nt(j.DoneAt), db.t(j.CreatedAt)); err != nil {
			return failed(err, "job", "")
		}
	}
	return nil
}

// invoiceJob keeps an invoice's JobInvoice in step with it, in the
// transaction that writes the invoice: open and due at NextStampAt while
// the invoice is pending or its cancellation is, done otherwise. A new
// invoice with nothing to do writes nothing.
func (db *DB) invoiceJob(ctx context.Context, tx Execer, inv *sello.Invoice, stored bool) error {
	open := !inv.NextStampAt.IsZero() &&
		(inv.Status == sello.InvoicePending || inv.CancellationStatus == sello.CancellationPending)
	switch {
	case open:
		_, err := tx.ExecContext(ctx, `INSERT INTO jobs (`+jobColumns+`)
			VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, NULL, $9)
			ON CONFLICT (id) DO UPDATE SET run_at = excluded.run_at, attempts = excluded.attempts,
			last_error = excluded.last_error, done_at = NULL`,
			"job_"+inv.ID, sello.JobInvoice, inv.TeamID, inv.Livemode, inv.ID, db.t(inv.NextStampAt),
			inv.StampAttempts, inv.StampError, db.t(inv.UpdatedAt))
		if err != nil {
			return failed(err, "job", "")
		}
	case stored:
		_, err := tx.ExecContext(ctx, `UPDATE jobs SET done_at = $2 WHERE id = $1 AND done_at IS NULL`,
			"job_"+inv.ID, db.t(inv.UpdatedAt))
		if err != nil {
			return failed(err, "job", "")
		}
	}
	return nil
}

// UpdateJob writes a job's mutable fields.
func (db *DB) UpdateJob(ctx context.Context, j *sello.Job) error {
	res, err := db.write.ExecContext(ctx, `UPDATE jobs SET run_at = $2, attempts = $3, last_error = $4,
		done_at = $5 WHERE id = $1`, j.ID, db.t(j.RunAt), j.Attempts, j.LastError, db.nt(j.DoneAt))
	return affected(res, err, "job")
}

func scanJob(s scanner) (*sello.Job, error) {
	var j sello.Job
	var runAt, created stamp
	err := s.Scan(&j.ID, &j.Kind, &j.TeamID, &j.Livemode, &j.Ref, &j.Arg, &runAt, &j.Attempts,
		&j.LastError, scanTime(&j.DoneAt), &created)
	if err != nil {
		return nil, err
	}
	j.RunAt, j.CreatedAt = fromStamp(runAt), fromStamp(created)
	return &j, nil
}

// ClaimJobs leases open jobs that are due, the longest due first. A cheap
// read first keeps an idle poll from taking the write lock.
func (db *DB) ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*sello.Job, error) {
	const due = `done_at IS NULL AND run_at <= $1`
	var found bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM jobs WHERE `+due+`)`,
		db.t(now)).Scan(&found); err != nil || !found {
		if err != nil {
			return nil, failed(err, "job", "")
		}
		return nil, nil
	}
	rows, err := db.write.QueryContext(ctx, `UPDATE jobs SET run_at = $2
		WHERE id IN (SELECT id FROM jobs WHERE `+due+` ORDER BY run_at, id LIMIT $3`+db.d.SkipLocked+`)
		RETURNING `+jobColumns, db.t(now), db.t(now.Add(lease)), limit)
	if err != nil {
		return nil, failed(err, "job", "")
	}
	return collectJobs(rows)
}

// collectJobs reads jobs oldest first: a payment's PPD invoice before its
// complements, and complements in installment order.
func collectJobs(rows *sql.Rows) ([]*sello.Job, error) {
	defer rows.Close()
	var out []*sello.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, failed(err, "job", "")
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "job", "")
	}
	slices.SortStableFunc(out, func(a, b *sello.Job) int {
		switch {
		case !a.CreatedAt.Equal(b.CreatedAt):
			return a.CreatedAt.Compare(b.CreatedAt)
		case a.Arg != b.Arg:
			return a.Arg - b.Arg
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return out, nil
}

// FindJobs returns the jobs working on ref, oldest first.
func (db *DB) FindJobs(ctx context.Context, team sello.TeamID, livemode bool, ref string) ([]*sello.Job, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs
		WHERE ref = $1 AND team_id = $2 AND livemode = $3`, ref, team, livemode)
	if err != nil {
		return nil, failed(err, "job", "")
	}
	return collectJobs(rows)
}
