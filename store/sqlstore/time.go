package sqlstore

import (
	"database/sql"
	"fmt"
	"time"
)

// t is the stored form of a time in this engine.
func (db *DB) t(t time.Time) any { return db.d.Time(t.UTC()) }

// nt stores the zero time as NULL.
func (db *DB) nt(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return db.d.Time(t.UTC())
}

// stamp is a stored time as read back, in UTC: unix nanoseconds (SQLite)
// or a timestamp (PostgreSQL); NULL reads as the zero time.
type stamp struct{ t time.Time }

// Scan implements sql.Scanner.
func (s *stamp) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		s.t = time.Time{}
	case int64:
		s.t = time.Unix(0, x).UTC()
	case time.Time:
		s.t = x.UTC()
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

var _ sql.Scanner = (*stamp)(nil)

// fromStamp is the time read.
func fromStamp(s stamp) time.Time { return s.t }

// scanTime returns the scan destination of a stored time read into *t.
func scanTime(t *time.Time) sql.Scanner { return timeInto{t} }

// timeInto scans a stored time into a time.Time field.
type timeInto struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeInto) Scan(v any) error {
	var s stamp
	err := s.Scan(v)
	*d.t = s.t
	return err
}

// nullString stores "" as NULL.
func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
