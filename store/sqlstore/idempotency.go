package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/sello-mx/sello"
)

const idempotencyScope = `key_team = $1 AND target_team = $2 AND livemode = $3 AND value = $4`

// BeginIdempotent records rec as in flight when its key is unused and returns
// (nil, nil). When the key is already recorded it changes nothing and returns
// the existing record (in flight or done).
//
// The insert and the read of a taken key run in one write transaction. On
// SQLite that transaction holds the one writer, so nothing changes in
// between. On PostgreSQL, INSERT … ON CONFLICT DO NOTHING waits for a
// concurrent insert of the same key to commit or roll back, so exactly one
// of many replicas wins; the read then sees the winner's record unless it
// was released in between, and the loser tries again, a few times, before
// answering Conflict.
func (db *DB) BeginIdempotent(ctx context.Context, rec *sello.IdempotencyRecord) (*sello.IdempotencyRecord, error) {
	for range 10 {
		var existing *sello.IdempotencyRecord
		err := db.InTx(ctx, "idempotency record", func(tx *sql.Tx) error {
			k := rec.Key
			res, err := tx.ExecContext(ctx, `INSERT INTO idempotency
				(key_team, target_team, livemode, value, fingerprint, created_at, owner)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
				k.KeyTeam, k.TargetTeam, k.Livemode, k.Value, rec.Fingerprint, db.t(rec.CreatedAt), rec.Owner)
			if err != nil {
				return failed(err, "idempotency record", "")
			}
			if n, err := res.RowsAffected(); err != nil {
				return failed(err, "idempotency record", "")
			} else if n == 1 {
				return nil
			}
			existing, err = db.findIdempotent(ctx, tx, k)
			return err
		})
		if sello.ErrorCode(err) != sello.NotFound {
			return existing, err
		}
	}
	return nil, sello.Errorf(sello.Conflict, "idempotency key is taken and released too often to read")
}

func (db *DB) findIdempotent(ctx context.Context, tx *sql.Tx, k sello.IdempotencyKey) (*sello.IdempotencyRecord, error) {
	rec := sello.IdempotencyRecord{Key: k}
	var created stamp
	err := tx.QueryRowContext(ctx, `SELECT fingerprint, done, status, content_type, body, created_at, owner
		FROM idempotency WHERE `+idempotencyScope, k.KeyTeam, k.TargetTeam, k.Livemode, k.Value).
		Scan(&rec.Fingerprint, &rec.Done, &rec.Status, &rec.ContentType, &rec.Body, &created, &rec.Owner)
	if err != nil {
		return nil, failed(err, "idempotency record", "")
	}
	if len(rec.Body) == 0 {
		rec.Body = nil
	}
	rec.CreatedAt = fromStamp(created)
	return &rec, nil
}

// FinishIdempotent stores the answer of an in-flight record; NotFound if the
// record is gone (released or purged).
func (db *DB) FinishIdempotent(ctx context.Context, k sello.IdempotencyKey, status int, contentType string, body []byte) error {
	if body == nil {
		body = []byte{}
	}
	res, err := db.write.ExecContext(ctx, `UPDATE idempotency
		SET done = true, status = $5, content_type = $6, body = $7 WHERE `+idempotencyScope,
		k.KeyTeam, k.TargetTeam, k.Livemode, k.Value, status, contentType, body)
	return affected(res, err, "idempotency record")
}

// ReleaseIdempotent forgets an in-flight record so the client may retry. A
// finished record is kept; releasing an unknown key does nothing.
func (db *DB) ReleaseIdempotent(ctx context.Context, k sello.IdempotencyKey) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM idempotency WHERE `+idempotencyScope+` AND NOT done`,
		k.KeyTeam, k.TargetTeam, k.Livemode, k.Value)
	if err != nil {
		return failed(err, "idempotency record", "")
	}
	return nil
}

// PurgeIdempotent deletes records created before the given time and returns
// how many it deleted.
func (db *DB) PurgeIdempotent(ctx context.Context, before time.Time) (int, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM idempotency WHERE created_at < $1`, db.t(before))
	return count(res, err, "idempotency records")
}
