package postgres

import "context"

// Setting reads a run-time setting of one of the pool's sessions.
func (db *DB) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := db.pool.QueryRowContext(ctx, `SELECT current_setting($1)`, name).Scan(&v)
	return v, err
}
