package postgres

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sello-mx/sello"
)

// ReadSecret reads the server secret name from the database at url without
// writing to it: one read-only transaction, no migration, and at most ten
// seconds in all. NotFound when the secret does not exist.
func ReadSecret(ctx context.Context, url, name string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, sello.Wrap(sello.Database, err, "cannot open the PostgreSQL database")
	}
	defer pool.Close()
	tx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, sello.Wrap(sello.Database, err, "cannot connect to PostgreSQL")
	}
	defer tx.Rollback()
	var v []byte
	err = tx.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, sello.Errorf(sello.NotFound, "no secret %s", name)
	case err != nil:
		return nil, sello.Wrap(sello.Database, err, "cannot read the secret")
	}
	return v, nil
}
