package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/sello-mx/sello"
)

// RegisterProcess records a starting process.
func (db *DB) RegisterProcess(ctx context.Context, p *sello.Process) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO processes (id, host, boot, pid, pid_start, started_at, beat_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ID, p.Host, p.Boot, p.PID, p.PIDStart, db.t(p.StartedAt), db.t(p.BeatAt))
	if err != nil {
		return failed(err, "process", "")
	}
	return nil
}

// BeatProcess records that a process is alive; NotFound when its record is gone.
func (db *DB) BeatProcess(ctx context.Context, id string, at time.Time) error {
	res, err := db.write.ExecContext(ctx, `UPDATE processes SET beat_at = $2 WHERE id = $1`, id, db.t(at))
	return affected(res, err, "process")
}

// Processes returns every recorded process.
func (db *DB) Processes(ctx context.Context) ([]*sello.Process, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, host, boot, pid, pid_start, started_at, beat_at
		FROM processes ORDER BY started_at, id`)
	if err != nil {
		return nil, failed(err, "processes", "")
	}
	defer rows.Close()
	var out []*sello.Process
	for rows.Next() {
		var p sello.Process
		if err := rows.Scan(&p.ID, &p.Host, &p.Boot, &p.PID, &p.PIDStart, scanTime(&p.StartedAt), scanTime(&p.BeatAt)); err != nil {
			return nil, failed(err, "processes", "")
		}
		out = append(out, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "processes", "")
	}
	return out, nil
}

// ForgetProcess deletes a process's record.
func (db *DB) ForgetProcess(ctx context.Context, id string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM processes WHERE id = $1`, id); err != nil {
		return failed(err, "process", "")
	}
	return nil
}

// deleteIssuing ends the Issuing record of a stored invoice.
const deleteIssuing = `DELETE FROM issuing WHERE invoice_id = $1`

// BeginIssuing records a sealed document before its provider call, in the
// engine's invoice transaction (on SQLite a group commit shared with
// concurrent issuers).
func (db *DB) BeginIssuing(ctx context.Context, is *sello.Issuing) error {
	return db.h.InInvoiceTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO issuing (invoice_id, team_id, livemode, owner, created_at, record)
			VALUES ($1, $2, $3, $4, $5, $6)`, is.InvoiceID, is.TeamID, is.Livemode, is.Owner, db.t(is.CreatedAt), is.Record)
		if err != nil {
			return failed(err, "issuing record", "")
		}
		return nil
	})
}

// Issuings returns the Issuing records of a process, oldest first.
func (db *DB) Issuings(ctx context.Context, owner string) ([]*sello.Issuing, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT invoice_id, team_id, livemode, owner, created_at, record
		FROM issuing WHERE owner = $1 ORDER BY created_at, invoice_id`, owner)
	if err != nil {
		return nil, failed(err, "issuing records", "")
	}
	defer rows.Close()
	var out []*sello.Issuing
	for rows.Next() {
		var is sello.Issuing
		if err := rows.Scan(&is.InvoiceID, &is.TeamID, &is.Livemode, &is.Owner, scanTime(&is.CreatedAt), &is.Record); err != nil {
			return nil, failed(err, "issuing records", "")
		}
		out = append(out, &is)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "issuing records", "")
	}
	return out, nil
}

// DropIssuing deletes an Issuing record and gives its folio back when
// release is set, in one transaction.
func (db *DB) DropIssuing(ctx context.Context, invoiceID string, release *sello.FolioClaim) error {
	return db.InTx(ctx, "issuing record", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, deleteIssuing, invoiceID); err != nil {
			return failed(err, "issuing record", "")
		}
		if release == nil {
			return nil
		}
		return db.releaseFolio(ctx, tx, *release)
	})
}

// ReleaseFoliosOf gives back every folio a process still holds.
func (db *DB) ReleaseFoliosOf(ctx context.Context, owner string) (int, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE folio_reservations SET expires_at = $2, owner = ''
		WHERE owner = $1`, owner, db.t(released))
	return count(res, err, "folio")
}

// ReleaseIdempotentOf forgets the in-flight idempotency records of a process.
func (db *DB) ReleaseIdempotentOf(ctx context.Context, owner string) (int, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM idempotency WHERE owner = $1 AND NOT done`, owner)
	return count(res, err, "idempotency records")
}

// count returns the rows a statement changed.
func count(res sql.Result, err error, what string) (int, error) {
	if err != nil {
		return 0, failed(err, what, "")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, failed(err, what, "")
	}
	return int(n), nil
}
