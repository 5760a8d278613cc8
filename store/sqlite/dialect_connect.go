package sqlite

import (
	"database/sql"
	"fmt"
	"time"
)

// The dialect of the Connect queries (connect.go is the same in both engines).

func (db *DB) w() *sql.DB { return db.write }
func (db *DB) r() *sql.DB { return db.read }

// tm is the stored form of a time.
func tm(t time.Time) any { return nanos(t) }

// timeDest scans a stored time into *t, in UTC.
type timeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeDest) Scan(v any) error {
	n, ok := v.(int64)
	if !ok {
		return fmt.Errorf("time column holds %T", v)
	}
	*d.t = fromNanos(n)
	return nil
}
