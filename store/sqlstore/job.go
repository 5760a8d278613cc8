package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// The jobs table holds Sello's background work of every kind (sello.Job):
// inserted in the transaction of the change that causes it; due at run_at;
// claimed by setting lease_until (UPDATE … RETURNING over the due rows of
// one partial index, with the dialect's SKIP LOCKED), and written by its
// worker only while that claim holds it; ended by setting done_at. A
// payment's done jobs stay: they say what its automation already did. The
// job of an object that keeps its own schedule and record (an invoice, a
// webhook delivery) is written with the object (keepJob): its run_at
// follows the object, a claim on it stays, and it is deleted when the
// object has nothing left to do.

const jobColumns = `id, kind, team_id, livemode, ref, arg, run_at, lease_until, attempts, last_error, done_at, created_at`

// heldBy is the condition that a job's claim is still the one whose lease
// ends at the placeholder (NULL: a job no claim holds).
func heldBy(n int) string {
	p := "$" + strconv.Itoa(n)
	return `(lease_until = ` + p + ` OR (lease_until IS NULL AND ` + p + ` IS NULL))`
}

// putJobs inserts new jobs (a request's, held by its claim) and writes the
// mutable fields of known ones, releasing their claim, only where that
// claim still holds them.
func (db *DB) putJobs(ctx context.Context, tx Execer, jobs []*sello.Job) error {
	for _, j := range jobs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO jobs (`+jobColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (id) DO UPDATE SET run_at = excluded.run_at, attempts = excluded.attempts,
			last_error = excluded.last_error, done_at = excluded.done_at, lease_until = NULL
			WHERE jobs.lease_until = excluded.lease_until OR (jobs.lease_until IS NULL AND excluded.lease_until IS NULL)`,
			j.ID, j.Kind, j.TeamID, j.Livemode, j.Ref, j.Arg, db.t(j.RunAt), db.nt(j.Lease), j.Attempts,
			j.LastError, db.nt(j.DoneAt), db.t(j.CreatedAt)); err != nil {
			return failed(err, "job", "")
		}
	}
	return nil
}

// openJobsSQL opens n jobs kept in step with their objects, or opens them
// again; a claim on them stays. The text for one is upsertJob.
func openJobsSQL(n int) string {
	if n == 1 {
		return upsertJob
	}
	return openJobsText(n)
}

func openJobsText(n int) string {
	return `INSERT INTO jobs (id, kind, team_id, livemode, ref, run_at, attempts, last_error, created_at, arg, done_at)
		VALUES ` + rows(n, 9, "0", "NULL") + `
		ON CONFLICT (id) DO UPDATE SET run_at = excluded.run_at, attempts = excluded.attempts,
		last_error = excluded.last_error, done_at = NULL`
}

// upsertJob opens one job kept in step with its object (openJobsSQL), one
// text so that SQLite prepares it once.
var upsertJob = openJobsText(1)

// overtakeJob is upsertJob ending any claim on the job: a change asked for
// through the API (a delivery retried by hand) overtakes the worker's.
var overtakeJob = upsertJob + `, lease_until = NULL`

// openEmailJob opens an invoice's JobEmail, once: a later write of the
// invoice never opens it again.
const openEmailJob = `INSERT INTO jobs (id, kind, team_id, livemode, ref, run_at, created_at, attempts, last_error, arg, done_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, 0, '', 0, NULL) ON CONFLICT (id) DO NOTHING`

// openJobs opens (or opens again) jobs kept in step with their objects, in
// BatchRows rows a statement.
func (db *DB) openJobs(ctx context.Context, ex Execer, jobs []*sello.Job) error {
	const cols = 9
	for chunk := range slices.Chunk(jobs, db.batch()) {
		args := make([]any, 0, cols*len(chunk))
		for _, j := range chunk {
			args = append(args, j.ID, j.Kind, j.TeamID, j.Livemode, j.Ref, db.t(j.RunAt), j.Attempts, j.LastError, db.t(j.CreatedAt))
		}
		if _, err := ex.ExecContext(ctx, openJobsSQL(len(chunk)), args...); err != nil {
			return failed(err, "job", "")
		}
	}
	return nil
}

// rows returns the VALUES of n rows of cols placeholders each, numbered
// from $1, each followed by the constants extra: "($1, $2, 0), ($3, $4, 0)".
func rows(n, cols int, extra ...string) string {
	var b strings.Builder
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + placeholders(r*cols+1, cols))
		for _, e := range extra {
			b.WriteString(", " + e)
		}
		b.WriteString(")")
	}
	return b.String()
}

// keepJob keeps the job of an object that holds its own schedule (an
// invoice's NextStampAt, a delivery's NextAttemptAt) in step with it, in
// the transaction that writes the object: open at j.RunAt while the object
// has work left, deleted once it has none (the object keeps the record).
// A new object with nothing to do writes nothing. A claim on the job stays
// unless overtake.
func (db *DB) keepJob(ctx context.Context, tx Execer, j *sello.Job, open, stored, overtake bool) error {
	var err error
	switch {
	case open:
		q := upsertJob
		if overtake {
			q = overtakeJob
		}
		_, err = tx.ExecContext(ctx, q, j.ID, j.Kind, j.TeamID, j.Livemode, j.Ref, db.t(j.RunAt),
			j.Attempts, j.LastError, db.t(j.CreatedAt))
	case stored:
		_, err = tx.ExecContext(ctx, `DELETE FROM jobs WHERE id = $1`, j.ID)
	}
	if err != nil {
		return failed(err, "job", "")
	}
	return nil
}

// invoiceJob keeps an invoice's JobInvoice in step with it: open and due at
// NextStampAt while the invoice is pending or its cancellation is.
func (db *DB) invoiceJob(ctx context.Context, tx Execer, inv *sello.Invoice, stored bool) error {
	open := !inv.NextStampAt.IsZero() &&
		(inv.Status == sello.InvoicePending || inv.CancellationStatus == sello.CancellationPending)
	return db.keepJob(ctx, tx, &sello.Job{ID: "job_" + inv.ID, Kind: sello.JobInvoice, TeamID: inv.TeamID,
		Livemode: inv.Livemode, Ref: inv.ID, RunAt: inv.NextStampAt, Attempts: inv.StampAttempts,
		LastError: inv.StampError, CreatedAt: inv.UpdatedAt}, open, stored, false)
}

// UpdateJob writes a job's mutable fields and ends its claim, if the claim
// still holds it: NotFound when it does not exist, Conflict when another
// claim holds it or it was claimed again.
func (db *DB) UpdateJob(ctx context.Context, j *sello.Job) error {
	res, err := db.write.ExecContext(ctx, `UPDATE jobs SET run_at = $2, attempts = $3, last_error = $4,
		done_at = $5, lease_until = NULL WHERE id = $1 AND `+heldBy(6), j.ID, db.t(j.RunAt), j.Attempts,
		j.LastError, db.nt(j.DoneAt), db.nt(j.Lease))
	return db.heldJob(ctx, res, err, j.ID)
}

// ReleaseJob ends a claim on a job before its lease, if it still holds it.
func (db *DB) ReleaseJob(ctx context.Context, j *sello.Job) error {
	res, err := db.write.ExecContext(ctx, `UPDATE jobs SET lease_until = NULL WHERE id = $1 AND lease_until = $2`,
		j.ID, db.nt(j.Lease))
	return db.heldJob(ctx, res, err, j.ID)
}

// heldJob reads the result of a write of a job under its claim.
func (db *DB) heldJob(ctx context.Context, res sql.Result, err error, id string) error {
	if err != nil {
		return failed(err, "job", "")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return failed(err, "job", "")
	}
	if n > 0 {
		return nil
	}
	var exists bool
	if err := db.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM jobs WHERE id = $1)`, id).Scan(&exists); err != nil {
		return failed(err, "job", "")
	}
	if !exists {
		return sello.Errorf(sello.NotFound, "job not found")
	}
	return sello.Errorf(sello.Conflict, "the job's claim was lost")
}

func scanJob(s scanner) (*sello.Job, error) {
	var j sello.Job
	var runAt, created stamp
	err := s.Scan(&j.ID, &j.Kind, &j.TeamID, &j.Livemode, &j.Ref, &j.Arg, &runAt, scanTime(&j.Lease), &j.Attempts,
		&j.LastError, scanTime(&j.DoneAt), &created)
	if err != nil {
		return nil, err
	}
	j.RunAt, j.CreatedAt = fromStamp(runAt), fromStamp(created)
	return &j, nil
}

// ClaimJobs leases open jobs of the kinds that are due and that no live
// claim holds, the longest due first. A cheap read first keeps an idle poll
// from taking the write lock.
func (db *DB) ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int, kinds ...string) ([]*sello.Job, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	due := func(first int) string {
		return `done_at IS NULL AND run_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
			AND kind IN (` + placeholders(first, len(kinds)) + `)`
	}
	ks := make([]any, len(kinds))
	for i, k := range kinds {
		ks[i] = k
	}
	var found bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM jobs WHERE `+due(2)+`)`,
		append([]any{db.t(now)}, ks...)...).Scan(&found); err != nil || !found {
		if err != nil {
			return nil, failed(err, "job", "")
		}
		return nil, nil
	}
	rows, err := db.write.QueryContext(ctx, `UPDATE jobs SET lease_until = $2
		WHERE id IN (SELECT id FROM jobs WHERE `+due(4)+` ORDER BY run_at, id LIMIT $3`+db.d.SkipLocked+`)
		RETURNING `+jobColumns, append([]any{db.t(now), db.t(now.Add(lease)), limit}, ks...)...)
	if err != nil {
		return nil, failed(err, "job", "")
	}
	return collectJobs(rows)
}

// ClaimJob leases one open job that is due and that no live claim holds.
func (db *DB) ClaimJob(ctx context.Context, id string, now time.Time, lease time.Duration) (*sello.Job, error) {
	j, err := scanJob(db.write.QueryRowContext(ctx, `UPDATE jobs SET lease_until = $3
		WHERE id = $1 AND done_at IS NULL AND run_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
		RETURNING `+jobColumns, id, db.t(now), db.t(now.Add(lease))))
	if err != nil {
		return nil, failed(err, "job", "")
	}
	return j, nil
}

// placeholders returns n placeholders numbered from first: "$4, $5".
func placeholders(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(first+i))
	}
	return b.String()
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
