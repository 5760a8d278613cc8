package sqlstore

import (
	"context"
	"database/sql"
	"errors"
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

// ClaimProcess makes by the only recoverer of a process until `until`.
func (db *DB) ClaimProcess(ctx context.Context, id, by string, now, until time.Time) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE processes SET claimed_by = $2, claimed_until = $4
		WHERE id = $1 AND (claimed_by = '' OR claimed_by = $2 OR claimed_until <= $3)`, id, by, db.t(now), db.t(until))
	n, err := count(res, err, "process")
	return n == 1, err
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
// concurrent issuers), in one statement that also checks that the folio is
// still the owner's reservation when is.Reserved.
func (db *DB) BeginIssuing(ctx context.Context, is *sello.Issuing) error {
	return db.h.InInvoiceTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO issuing (invoice_id, team_id, livemode, owner, series, folio, created_at, xml, record)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE NOT $10 OR EXISTS (SELECT 1 FROM folio_reservations
				WHERE team_id = $2 AND livemode = $3 AND series = $5 AND folio = $6 AND owner = $4)`,
			is.InvoiceID, is.TeamID, is.Livemode, is.Owner, is.Series, is.Folio, db.t(is.CreatedAt), is.XML, is.Record, is.Reserved)
		n, err := count(res, err, "issuing record")
		if err != nil {
			return err
		}
		if n != 1 {
			return sello.Errorf(sello.Conflict, "folio %s-%d is no longer reserved by %s", is.Series, is.Folio, is.Owner)
		}
		return nil
	})
}

// QuarantineIssuing sets a record aside for an operator.
func (db *DB) QuarantineIssuing(ctx context.Context, invoiceID, owner string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE issuing SET owner = 'quarantine' WHERE invoice_id = $1 AND owner = $2`, invoiceID, owner)
	if err != nil {
		return failed(err, "issuing record", "")
	}
	return nil
}

// Issuings returns the Issuing records of a process, oldest first.
func (db *DB) Issuings(ctx context.Context, owner string) ([]*sello.Issuing, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT invoice_id, team_id, livemode, owner, series, folio, created_at, xml, record
		FROM issuing WHERE owner = $1 ORDER BY created_at, invoice_id`, owner)
	if err != nil {
		return nil, failed(err, "issuing records", "")
	}
	defer rows.Close()
	var out []*sello.Issuing
	for rows.Next() {
		var is sello.Issuing
		if err := rows.Scan(&is.InvoiceID, &is.TeamID, &is.Livemode, &is.Owner, &is.Series, &is.Folio, scanTime(&is.CreatedAt), &is.XML, &is.Record); err != nil {
			return nil, failed(err, "issuing records", "")
		}
		out = append(out, &is)
	}
	if err := rows.Err(); err != nil {
		return nil, failed(err, "issuing records", "")
	}
	return out, nil
}

// DropIssuing deletes an Issuing record that owner still holds and, when
// release is set, gives its folio back, in one transaction.
func (db *DB) DropIssuing(ctx context.Context, invoiceID, owner string, release bool) (bool, error) {
	dropped := false
	err := db.InTx(ctx, "issuing record", func(tx *sql.Tx) error {
		var c sello.FolioClaim
		err := tx.QueryRowContext(ctx, `DELETE FROM issuing WHERE invoice_id = $1 AND owner = $2
			RETURNING team_id, livemode, series, folio`, invoiceID, owner).Scan(&c.TeamID, &c.Livemode, &c.Series, &c.Folio)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return failed(err, "issuing record", "")
		}
		dropped = true
		if !release {
			return nil
		}
		c.Owner = owner
		return db.releaseFolio(ctx, tx, c)
	})
	return dropped, err
}

// ReleaseFoliosOf gives back every folio a process still holds but those of
// an Issuing record (its own, or one set aside).
func (db *DB) ReleaseFoliosOf(ctx context.Context, owner string) (int, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE folio_reservations SET expires_at = $2, owner = ''
		WHERE owner = $1 AND NOT EXISTS (SELECT 1 FROM issuing i WHERE i.team_id = folio_reservations.team_id AND i.livemode = folio_reservations.livemode
			AND i.series = folio_reservations.series AND i.folio = folio_reservations.folio)`, owner, db.t(released))
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
