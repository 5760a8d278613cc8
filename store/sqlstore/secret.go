package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sello-mx/sello"
)

// Secret returns the server secret stored under name, creating it with
// generate() on first use. Concurrent first uses agree on one value: every
// caller inserts only if absent and then reads what is stored.
func (db *DB) Secret(ctx context.Context, name string, generate func() ([]byte, error)) ([]byte, error) {
	const find = `SELECT value FROM secrets WHERE name = $1`
	var v []byte
	err := db.read.QueryRowContext(ctx, find, name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, failed(err, "secret", "")
	}
	fresh, err := generate()
	if err != nil {
		return nil, fmt.Errorf("generate secret %q: %w", name, err)
	}
	_, err = db.write.ExecContext(ctx,
		`INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, fresh)
	if err != nil {
		return nil, failed(err, "secret", "")
	}
	if err := db.write.QueryRowContext(ctx, find, name).Scan(&v); err != nil {
		return nil, failed(err, "secret", "")
	}
	return v, nil
}

// FindSecret returns the server secret stored under name, or NotFound.
func (db *DB) FindSecret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	if err := db.read.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v); err != nil {
		return nil, failed(err, "secret", "")
	}
	return v, nil
}

// DeleteSecret forgets the server secret stored under name.
func (db *DB) DeleteSecret(ctx context.Context, name string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM secrets WHERE name = $1`, name); err != nil {
		return failed(err, "secret", "")
	}
	return nil
}

// ReadSecretFrom reads the server secret name through q (a read-only
// session opened without migrating): NotFound when it does not exist.
func ReadSecretFrom(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, name string) ([]byte, error) {
	var v []byte
	err := q.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, sello.Errorf(sello.NotFound, "no secret %s", name)
	case err != nil:
		return nil, sello.Wrap(sello.Database, err, "cannot read the secret")
	}
	return v, nil
}
