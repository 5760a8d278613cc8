package postgres

import (
	"database/sql"
	"fmt"
	"time"
)

// The dialect of the Connect queries (connect.go is the same in both engines).

func (db *DB) w() *sql.DB { return db.pool }
func (db *DB) r() *sql.DB { return db.pool }

// tm is the stored form of a time.
func tm(t time.Time) any { return t.UTC() }

// timeDest scans a stored time into *t, in UTC.
type timeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeDest) Scan(v any) error {
	x, ok := v.(time.Time)
	if !ok {
		return fmt.Errorf("time column holds %T", v)
	}
	*d.t = x.UTC()
	return nil
}
