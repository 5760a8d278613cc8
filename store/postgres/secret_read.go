package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
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
	return sqlstore.ReadSecretFrom(ctx, tx, name)
}
