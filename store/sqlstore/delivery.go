package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/sello-mx/sello"
)

const deliveryColumns = `id, webhook_id, event_id, team_id, event_team_id, livemode, event, status, attempts,
	next_attempt_at, last_attempt_at, response_status, response_body, latency_ms, error, payload, history, created_at`

func (db *DB) insertDelivery(ctx context.Context, ex Execer, d *sello.WebhookDelivery) error {
	history, err := encodeHistory(d.History)
	if err != nil {
		return err
	}
	_, err = ex.ExecContext(ctx, `INSERT INTO webhook_deliveries (`+deliveryColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		d.ID, d.WebhookID, d.EventID, d.TeamID, d.EventTeamID, d.Livemode, d.Event, d.Status, d.Attempts,
		db.nt(d.NextAttemptAt), db.nt(d.LastAttemptAt), nullInt(int64(d.ResponseStatus), d.ResponseStatus != 0),
		nullText(d.ResponseBody, d.LastAttemptAt), nullInt(d.LatencyMS, d.LatencyMS >= 0),
		nullText(d.Error, time.Time{}), d.Payload, history, db.t(d.CreatedAt))
	if err != nil {
		return failed(err, "delivery", "webhook or event")
	}
	db.deliveryDue(d)
	return nil
}

// deliveryDue marks the write transaction in progress as one that makes a
// delivery due, so that its commit wakes the delivery worker (Committed):
// a pending delivery not held by a worker's claim (new, replayed, or retried
// through the API). The worker's own records of attempts carry their lease.
func (db *DB) deliveryDue(d *sello.WebhookDelivery) {
	if d.Status == sello.DeliveryPending && d.Lease.IsZero() {
		db.due.Store(true)
	}
}

// CreateDeliveries stores new deliveries in one transaction.
func (db *DB) CreateDeliveries(ctx context.Context, ds ...*sello.WebhookDelivery) error {
	return db.InTx(ctx, "delivery", func(tx *sql.Tx) error {
		for _, d := range ds {
			if err := db.insertDelivery(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
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
	q.where(`team_id = ? AND livemode = ? AND webhook_id = ?`, f.TeamID, f.Livemode, f.WebhookID)
	if f.Status != "" {
		q.where(`status = ?`, f.Status)
	}
	if f.Event != "" {
		c := sello.CanonicalEvent(f.Event)
		q.where(`(event = ? OR event = ?)`, c, cancelledSpelling(c))
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

// ClaimDeliveries takes due pending deliveries by moving their next attempt
// to the end of the lease. The dialect's row locking (or SQLite's single
// writer) lets concurrent workers claim disjoint rows; a read first keeps an
// idle poll off the write connection.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*sello.WebhookDelivery, error) {
	var due bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM webhook_deliveries
		WHERE status = 'pending' AND next_attempt_at <= $1)`, db.t(now)).Scan(&due)
	if err != nil || !due {
		if err != nil {
			return nil, failed(err, "delivery", "")
		}
		return nil, nil
	}
	rows, err := db.write.QueryContext(ctx, `UPDATE webhook_deliveries SET next_attempt_at = $2
		WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
			ORDER BY next_attempt_at LIMIT $3`+db.d.SkipLocked+`)
		RETURNING `+deliveryColumns, db.t(now), db.t(now.Add(lease)), limit)
	if err != nil {
		return nil, failed(err, "delivery", "")
	}
	defer rows.Close()
	var out []*sello.WebhookDelivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, failed(err, "delivery", "")
		}
		d.Lease = d.NextAttemptAt
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "delivery", "")
	}
	return out, nil
}

// UpdateDeliveries writes the mutable fields of deliveries in one
// transaction; rows deleted meanwhile are skipped.
func (db *DB) UpdateDeliveries(ctx context.Context, ds ...*sello.WebhookDelivery) error {
	return db.InTx(ctx, "delivery", func(tx *sql.Tx) error {
		for _, d := range ds {
			history, err := encodeHistory(d.History)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = $2, attempts = $3,
				next_attempt_at = $4, last_attempt_at = $5, response_status = $6, response_body = $7,
				latency_ms = $8, error = $9, payload = $10, history = $11 WHERE id = $1`+leaseCond(d),
				d.ID, d.Status, d.Attempts, db.nt(d.NextAttemptAt), db.nt(d.LastAttemptAt),
				nullInt(int64(d.ResponseStatus), d.ResponseStatus != 0), nullText(d.ResponseBody, d.LastAttemptAt),
				nullInt(d.LatencyMS, d.LatencyMS >= 0), nullText(d.Error, time.Time{}), d.Payload, history, db.t(d.Lease)); err != nil {
				return failed(err, "delivery", "")
			}
			db.deliveryDue(d)
		}
		return nil
	})
}

// leaseCond limits the update of a claimed delivery to the claim that is
// still current: the stored next attempt is the claim's lease. The extra
// argument $12 is ignored (always bound) when the delivery was not claimed.
func leaseCond(d *sello.WebhookDelivery) string {
	if d.Lease.IsZero() {
		return ` AND $12 = $12`
	}
	return ` AND next_attempt_at = $12`
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
