package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

const deliveryColumns = `id, webhook_id, event_id, team_id, event_team_id, livemode, event, status, attempts,
	next_attempt_at, last_attempt_at, response_status, response_body, latency_ms, error, payload, history, created_at`

// insertDeliveriesSQL inserts n deliveries.
func insertDeliveriesSQL(n int) string {
	if n == 1 {
		return insertDelivery
	}
	return `INSERT INTO webhook_deliveries (` + deliveryColumns + `) VALUES ` + rows(n, 18)
}

var insertDelivery = `INSERT INTO webhook_deliveries (` + deliveryColumns + `) VALUES ` + rows(1, 18)

// insertDeliveries stores new deliveries and the jobs of the pending ones,
// BatchRows rows a statement.
func (db *DB) insertDeliveries(ctx context.Context, ex Execer, ds []*sello.WebhookDelivery) error {
	const cols = 18
	for chunk := range slices.Chunk(ds, db.batch()) {
		args := make([]any, 0, cols*len(chunk))
		for _, d := range chunk {
			history, err := encodeHistory(d.History)
			if err != nil {
				return err
			}
			args = append(args, d.ID, d.WebhookID, d.EventID, d.TeamID, d.EventTeamID, d.Livemode, d.Event, d.Status,
				d.Attempts, db.nt(d.NextAttemptAt), db.nt(d.LastAttemptAt), nullInt(int64(d.ResponseStatus), d.ResponseStatus != 0),
				nullText(d.ResponseBody, d.LastAttemptAt), nullInt(d.LatencyMS, d.LatencyMS >= 0),
				nullText(d.Error, time.Time{}), d.Payload, history, db.t(d.CreatedAt))
		}
		if _, err := ex.ExecContext(ctx, insertDeliveriesSQL(len(chunk)), args...); err != nil {
			return failed(err, "delivery", "webhook or event")
		}
	}
	var jobs []*sello.Job
	for _, d := range ds {
		if deliveryDue(d) {
			jobs = append(jobs, deliveryJob(d))
		}
	}
	if len(jobs) > 0 {
		db.wakeAfter(ex) // new deliveries: no worker holds them
	}
	return db.openJobs(ctx, ex, jobs)
}

// deliveryDue reports whether a delivery has an attempt to come: its job
// is open.
func deliveryDue(d *sello.WebhookDelivery) bool {
	return d.Status == sello.DeliveryPending && !d.NextAttemptAt.IsZero()
}

// deliveryJob returns the JobDelivery of a pending delivery: due at its
// next attempt.
func deliveryJob(d *sello.WebhookDelivery) *sello.Job {
	return &sello.Job{ID: deliveryJobID(d.ID), Kind: sello.JobDelivery, TeamID: d.TeamID, Livemode: d.Livemode,
		Ref: d.ID, RunAt: d.NextAttemptAt, Attempts: d.Attempts, LastError: d.Error, CreatedAt: d.CreatedAt}
}

// keepDeliveryJob keeps a delivery's JobDelivery in step with a write made
// outside a worker's claim (a retry asked through the API), which
// overtakes any claim: open and due at NextAttemptAt while the delivery is
// pending. Opening it marks the write transaction as one whose commit
// wakes the delivery worker (wakeAfter).
func (db *DB) keepDeliveryJob(ctx context.Context, ex Execer, d *sello.WebhookDelivery) error {
	open := deliveryDue(d)
	if open {
		db.wakeAfter(ex)
	}
	return db.keepJob(ctx, ex, deliveryJob(d), open, true, true)
}

// deliveryJobID is the id of a delivery's job.
func deliveryJobID(id string) string { return "job_" + id }

// CreateDeliveries stores new deliveries in one transaction.
func (db *DB) CreateDeliveries(ctx context.Context, ds ...*sello.WebhookDelivery) error {
	return db.InTx(ctx, "delivery", func(tx *sql.Tx) error {
		return db.insertDeliveries(ctx, tx, ds)
	})
}

// FindDeliveryByID returns a delivery of the team and mode, or NotFound.
func (db *DB) FindDeliveryByID(ctx context.Context, team sello.TeamID, livemode bool, id string) (*sello.WebhookDelivery, error) {
	d, err := scanDelivery(db.read.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE id = $1 AND team_id = $2 AND livemode = $3`, id, team, livemode))
	if err != nil {
		return nil, failed(err, "delivery", "")
	}
	return d, nil
}

// FindDeliveries returns one page of a webhook's deliveries.
func (db *DB) FindDeliveries(ctx context.Context, f sello.DeliveryFilter) ([]*sello.WebhookDelivery, bool, int, error) {
	q := db.newList(deliveryColumns, `webhook_deliveries`, `event`)
	// A webhook's deliveries are of its team and mode (fanOut): the team
	// and mode are checked once, on the webhook, so that a list or count
	// over a date range reads the webhook's index alone.
	q.where(`webhook_id = ? AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = ? AND w.team_id = ? AND w.livemode = ?)`,
		f.WebhookID, f.WebhookID, f.TeamID, f.Livemode)
	if f.Status != "" {
		q.where(`status = ?`, f.Status)
	}
	if f.Event != "" {
		c := sello.CanonicalEvent(f.Event)
		q.where(`(event = ? OR event = ?)`, c, cancelledSpelling(c))
	}
	if w := "w=" + f.WebhookID; f.CreatedGTE.IsZero() && f.CreatedLTE.IsZero() {
		switch {
		case f.Status != "" && f.Event != "":
		case f.Status != "":
			keptListCount(&q, "webhook_deliveries", f.TeamID, f.Livemode, w+"|s="+f.Status)
		case f.Event != "":
			c := sello.CanonicalEvent(f.Event)
			keptListCount(&q, "webhook_deliveries", f.TeamID, f.Livemode, w+"|e="+c, w+"|e="+cancelledSpelling(c))
		default:
			keptListCount(&q, "webhook_deliveries", f.TeamID, f.Livemode, w)
		}
	}
	var out []*sello.WebhookDelivery
	hasMore, total, err := q.run(ctx, db.read, f.ListOptions, func(rows *sql.Rows) error {
		d, err := scanDelivery(rows)
		if err == nil {
			out = append(out, d)
		}
		return err
	})
	if err != nil {
		return nil, false, 0, err
	}
	return out, hasMore, total, nil
}

// ClaimDeliveries claims the jobs of due deliveries and returns the
// deliveries, each with Lease set to its claim's end. A job whose delivery
// is gone (its webhook was deleted) is deleted.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*sello.WebhookDelivery, error) {
	jobs, err := db.ClaimJobs(ctx, now, lease, limit, sello.JobDelivery)
	if err != nil || len(jobs) == 0 {
		return nil, err
	}
	ids := make([]any, len(jobs))
	for i, j := range jobs {
		ids[i] = j.Ref
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE id IN (`+placeholders(1, len(ids))+`)`, ids...)
	if err != nil {
		return nil, failed(err, "delivery", "")
	}
	defer rows.Close()
	found := make(map[string]*sello.WebhookDelivery, len(jobs))
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, failed(err, "delivery", "")
		}
		found[d.ID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "delivery", "")
	}
	out := make([]*sello.WebhookDelivery, 0, len(jobs))
	for _, j := range jobs {
		d := found[j.Ref]
		if d == nil {
			if _, err := db.write.ExecContext(ctx, endDeliveryJob, j.ID, db.t(j.Lease)); err != nil {
				return nil, failed(err, "job", "")
			}
			continue
		}
		d.Lease = j.Lease
		out = append(out, d)
	}
	return out, nil
}

// updateDelivery writes the mutable fields of a delivery.
const updateDelivery = `UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4,
	last_attempt_at = $5, response_status = $6, response_body = $7, latency_ms = $8, error = $9,
	payload = $10, history = $11 WHERE id = $1`

// moveDeliveryJob schedules the next attempt of a claimed delivery and
// ends the claim, if the claim (its lease, $2) still holds the job.
const moveDeliveryJob = `UPDATE jobs SET run_at = $3, attempts = $4, last_error = $5, lease_until = NULL
	WHERE id = $1 AND lease_until = $2 AND done_at IS NULL`

// endDeliveryJobsSQL deletes the jobs of n claimed deliveries that ended,
// each only if its claim (its lease) still holds it, returning their refs.
func endDeliveryJobsSQL(n int) string {
	if n == 1 {
		return endDeliveryJob
	}
	var cond strings.Builder
	for i := range n {
		if i > 0 {
			cond.WriteString(" OR ")
		}
		fmt.Fprintf(&cond, "(id = $%d AND lease_until = $%d)", 2*i+1, 2*i+2)
	}
	return `DELETE FROM jobs WHERE ` + cond.String() + ` RETURNING ref`
}

const endDeliveryJob = `DELETE FROM jobs WHERE (id = $1 AND lease_until = $2) RETURNING ref`

// UpdateDeliveries writes the mutable fields of deliveries and their jobs
// in one transaction; rows deleted meanwhile are skipped, and so is a
// claimed delivery whose job no longer holds its claim's lease.
func (db *DB) UpdateDeliveries(ctx context.Context, ds ...*sello.WebhookDelivery) error {
	return db.InTx(ctx, "delivery", func(tx *sql.Tx) error {
		ex := db.h.Prepared(tx)
		held, err := db.releaseDeliveryJobs(ctx, ex, ds)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if !d.Lease.IsZero() && !held[d.ID] {
				continue // the claim was overtaken
			}
			history, err := encodeHistory(d.History)
			if err != nil {
				return err
			}
			res, err := ex.ExecContext(ctx, updateDelivery, d.ID, d.Status, d.Attempts, db.nt(d.NextAttemptAt), db.nt(d.LastAttemptAt),
				nullInt(int64(d.ResponseStatus), d.ResponseStatus != 0), nullText(d.ResponseBody, d.LastAttemptAt),
				nullInt(d.LatencyMS, d.LatencyMS >= 0), nullText(d.Error, time.Time{}), d.Payload, history)
			if err != nil {
				return failed(err, "delivery", "")
			}
			n, err := res.RowsAffected()
			if err != nil {
				return failed(err, "delivery", "")
			}
			if n == 0 || !d.Lease.IsZero() {
				continue // gone, or its job already written
			}
			if err := db.keepDeliveryJob(ctx, ex, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// releaseDeliveryJobs writes the jobs of claimed deliveries after their
// attempts, only where the claim still holds the job (its lease_until is
// still the lease), ending the claim: due at the next attempt, or deleted
// when there is none, the ended ones BatchRows to a statement. It returns
// the deliveries whose claim held.
func (db *DB) releaseDeliveryJobs(ctx context.Context, tx Execer, ds []*sello.WebhookDelivery) (map[string]bool, error) {
	held := map[string]bool{}
	var ended []*sello.WebhookDelivery
	for _, d := range ds {
		switch {
		case d.Lease.IsZero():
		case deliveryDue(d):
			res, err := tx.ExecContext(ctx, moveDeliveryJob, deliveryJobID(d.ID), db.t(d.Lease),
				db.t(d.NextAttemptAt), d.Attempts, d.Error)
			if err != nil {
				return nil, failed(err, "job", "")
			}
			n, err := res.RowsAffected()
			if err != nil {
				return nil, failed(err, "job", "")
			}
			held[d.ID] = n == 1
		default:
			ended = append(ended, d)
		}
	}
	for chunk := range slices.Chunk(ended, db.batch()) {
		args := make([]any, 0, 2*len(chunk))
		for _, d := range chunk {
			args = append(args, deliveryJobID(d.ID), db.t(d.Lease))
		}
		rows, err := tx.QueryContext(ctx, endDeliveryJobsSQL(len(chunk)), args...)
		if err != nil {
			return nil, failed(err, "job", "")
		}
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				rows.Close()
				return nil, failed(err, "job", "")
			}
			held[ref] = true
		}
		if err := rows.Close(); err != nil {
			return nil, failed(err, "job", "")
		}
		if err := rows.Err(); err != nil {
			return nil, failed(err, "job", "")
		}
	}
	return held, nil
}

// cancelledSpelling returns the "cancelled" variant of a canonical name
// ending in ".canceled", or the name itself.
func cancelledSpelling(name string) string {
	if len(name) > 9 && name[len(name)-9:] == ".canceled" {
		return name[:len(name)-9] + ".cancelled"
	}
	return name
}

func nullInt(n int64, valid bool) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: valid} }

// nullText stores "" as NULL, except a response body once an attempt was
// made (an empty answer is not a missing one).
func nullText(s string, attempted time.Time) sql.NullString {
	return sql.NullString{String: s, Valid: s != "" || !attempted.IsZero()}
}

func scanDelivery(s scanner) (*sello.WebhookDelivery, error) {
	var (
		d             sello.WebhookDelivery
		next, last    stamp
		status, lat   sql.NullInt64
		body, errText sql.NullString
		history       string
		created       stamp
	)
	err := s.Scan(&d.ID, &d.WebhookID, &d.EventID, &d.TeamID, &d.EventTeamID, &d.Livemode, &d.Event, &d.Status, &d.Attempts,
		&next, &last, &status, &body, &lat, &errText, &d.Payload, &history, &created)
	if err != nil {
		return nil, err
	}
	d.NextAttemptAt, d.LastAttemptAt = fromStamp(next), fromStamp(last)
	d.ResponseStatus, d.ResponseBody, d.Error = int(status.Int64), body.String, errText.String
	d.LatencyMS = -1
	if lat.Valid {
		d.LatencyMS = lat.Int64
	}
	d.CreatedAt = fromStamp(created)
	if d.History, err = decodeHistory(history); err != nil {
		return nil, err
	}
	return &d, nil
}

// attemptJSON is the stored form of one attempt in a delivery's history.
type attemptJSON struct {
	At      int64  `json:"at"` // unix nanoseconds
	Status  int    `json:"status,omitempty"`
	Latency int64  `json:"latency_ms"`
	Error   string `json:"error,omitempty"`
}

func encodeHistory(h []sello.DeliveryAttempt) (string, error) {
	out := make([]attemptJSON, len(h))
	for i, a := range h {
		out[i] = attemptJSON{At: a.At.UnixNano(), Status: a.ResponseStatus, Latency: a.LatencyMS, Error: a.Error}
	}
	b, err := encodeJSON(out)
	return string(b), err
}

func decodeHistory(s string) ([]sello.DeliveryAttempt, error) {
	var in []attemptJSON
	if err := decodeJSON([]byte(s), &in); err != nil {
		return nil, err
	}
	var out []sello.DeliveryAttempt
	for _, a := range in {
		out = append(out, sello.DeliveryAttempt{At: time.Unix(0, a.At).UTC(), ResponseStatus: a.Status, LatencyMS: a.Latency, Error: a.Error})
	}
	return out, nil
}
