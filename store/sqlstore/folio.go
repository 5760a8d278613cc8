package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sello-mx/sello"
)

// released is the expiry of a folio given back: long past, so the next
// reservation of its series takes it.
var released = time.Unix(0, 0).UTC()

// takeExpiredFolio is the statement that takes the smallest expired
// reservation of a series, with the dialect's row locking.
func takeExpiredFolio(skipLocked string) string {
	return `UPDATE folio_reservations SET expires_at = $5, owner = $6
		WHERE team_id = $1 AND livemode = $2 AND series = $3 AND folio = (SELECT folio FROM folio_reservations
			WHERE team_id = $1 AND livemode = $2 AND series = $3 AND expires_at <= $4
			ORDER BY folio LIMIT 1` + skipLocked + `)
		RETURNING folio`
}

// The other statements of a folio reservation, constants so that an engine
// can prepare them once (HotWrites).
const (
	insertReservation = `INSERT INTO folio_reservations (team_id, livemode, series, folio, expires_at, owner)
		SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM invoices
			WHERE team_id = $1 AND livemode = $2 AND series = $3 AND folio = $4 AND status <> 'draft' AND folio > 0)
		ON CONFLICT DO NOTHING`
	// A new series starts both counters at 1 and takes folio 1 of its mode.
	advanceTestCounter = `INSERT INTO series (id, team_id, name, next_live, next_test, created_at)
		VALUES ($1, $2, $3, 1, 2, $4) ON CONFLICT (team_id, name) DO UPDATE SET next_test = series.next_test + 1
		RETURNING next_test - 1`
	advanceLiveCounter = `INSERT INTO series (id, team_id, name, next_live, next_test, created_at)
		VALUES ($1, $2, $3, 2, 1, $4) ON CONFLICT (team_id, name) DO UPDATE SET next_live = series.next_live + 1
		RETURNING next_live - 1`
)

// ReserveFolio hands out the smallest expired reservation of the series and
// mode, else the series' next folio, in one transaction.
func (db *DB) ReserveFolio(ctx context.Context, team sello.TeamID, livemode bool, series, newSeriesID, owner string, now, until time.Time) (int64, error) {
	var folio int64
	err := db.h.InFolioTx(ctx, func(tx Execer) error {
		err := tx.QueryRowContext(ctx, db.takeExpiredFolio, team, livemode, series, db.t(now), db.t(until), owner).Scan(&folio)
		if !errors.Is(err, sql.ErrNoRows) {
			if err != nil {
				return failed(err, "folio", "")
			}
			return nil
		}
		folio, err = db.freeFolio(ctx, tx, team, livemode, series, newSeriesID, owner, now, until)
		return err
	})
	return folio, err
}

// freeFolio reserves the series' next folio until `until`. Folios already
// taken by an invoice (a folio_number given by hand) or still reserved (the
// counter was set back) are skipped: the counter moves past them.
func (db *DB) freeFolio(ctx context.Context, tx Execer, team sello.TeamID, livemode bool, series, newSeriesID, owner string, now, until time.Time) (int64, error) {
	for {
		folio, err := db.nextFolio(ctx, tx, team, livemode, series, newSeriesID, now)
		if err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, insertReservation, team, livemode, series, folio, db.t(until), owner)
		if err != nil {
			return 0, failed(err, "folio", "team")
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return folio, err
		}
	}
}

// nextFolio advances the series' counter of the mode and returns the folio
// it held, creating the series (counters at 1) when the team has none of
// that name, in one statement. It locks the series row until the
// transaction ends, so concurrent callers take turns.
func (db *DB) nextFolio(ctx context.Context, tx Execer, team sello.TeamID, livemode bool, series, newSeriesID string, now time.Time) (int64, error) {
	advance := advanceTestCounter
	if livemode {
		advance = advanceLiveCounter
	}
	var folio int64
	err := tx.QueryRowContext(ctx, advance, newSeriesID, team, series, db.t(now)).Scan(&folio)
	if err != nil {
		return 0, failed(err, "series", "team")
	}
	return folio, nil
}

// ReleaseFolio gives a reserved folio back at once. A folio no longer
// reserved by c.Owner (its invoice was stored, or it was handed back) is
// left alone.
func (db *DB) ReleaseFolio(ctx context.Context, c sello.FolioClaim) error {
	return db.releaseFolio(ctx, db.write, c)
}

// releaseFolio gives back a folio that c.Owner reserved.
func (db *DB) releaseFolio(ctx context.Context, ex Execer, c sello.FolioClaim) error {
	_, err := ex.ExecContext(ctx, `UPDATE folio_reservations SET expires_at = $5, owner = ''
		WHERE team_id = $1 AND livemode = $2 AND series = $3 AND folio = $4 AND owner = $6`,
		c.TeamID, c.Livemode, c.Series, c.Folio, db.t(released), c.Owner)
	if err != nil {
		return failed(err, "folio", "")
	}
	return nil
}

// ReturnFolio gives back a folio that an invoice gave up after its
// reservation ended: a reservation that has already expired.
func (db *DB) ReturnFolio(ctx context.Context, c sello.FolioClaim) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO folio_reservations (team_id, livemode, series, folio, expires_at, owner)
		SELECT $1, $2, $3, $4, $5, '' WHERE NOT EXISTS (SELECT 1 FROM invoices
			WHERE team_id = $1 AND livemode = $2 AND series = $3 AND folio = $4 AND status <> 'draft' AND folio > 0)
		ON CONFLICT DO NOTHING`, c.TeamID, c.Livemode, c.Series, c.Folio, db.t(released))
	if err != nil {
		return failed(err, "folio", "team")
	}
	return nil
}
