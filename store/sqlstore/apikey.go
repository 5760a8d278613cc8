package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/sello-mx/sello"
)

// selectAPIKeyByID reads a key, on every authenticated request.
const selectAPIKeyByID = `SELECT id, team_id, livemode, hash, created_at, revoked_at FROM api_keys WHERE id = $1`

// CreateAPIKey stores a new key. AlreadyExists if the id is taken; NotFound if
// its team does not exist.
func (db *DB) CreateAPIKey(ctx context.Context, k *sello.APIKey) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO api_keys
		(id, team_id, livemode, hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		k.ID, k.TeamID, k.Livemode, k.Hash, db.t(k.CreatedAt), db.nt(k.RevokedAt))
	if err != nil {
		return failed(err, "API key", "team")
	}
	return nil
}

// FindAPIKeyByID returns a key (revoked or not) or NotFound.
func (db *DB) FindAPIKeyByID(ctx context.Context, id string) (*sello.APIKey, error) {
	var (
		k       sello.APIKey
		created stamp
		revoked stamp
	)
	err := db.h.Lookup(ctx, selectAPIKeyByID, id).
		Scan(&k.ID, &k.TeamID, &k.Livemode, &k.Hash, &created, &revoked)
	if err != nil {
		return nil, failed(err, "API key", "")
	}
	k.CreatedAt, k.RevokedAt = fromStamp(created), fromStamp(revoked)
	return &k, nil
}

// RevokeAPIKey marks a key revoked at the given time; NotFound if unknown.
// Revoking a revoked key keeps the first revocation time.
func (db *DB) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	res, err := db.write.ExecContext(ctx,
		`UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1`, id, db.t(at))
	return affected(res, err, "API key")
}

// affected returns NotFound when an update or delete matched no row.
func affected(res sql.Result, err error, what string) error {
	if err != nil {
		return failed(err, what, "")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return failed(err, what, "")
	}
	if n == 0 {
		return sello.Errorf(sello.NotFound, "%s not found", what)
	}
	return nil
}
