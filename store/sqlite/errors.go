package sqlite

import (
	"database/sql"
	"errors"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/sello-mx/sello"
)

// errorCode returns SQLite's extended result code of err, or 0.
func errorCode(err error) int {
	var e *msqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// failed turns a driver error into a sello.Error: AlreadyExists for a unique
// or primary key violation, NotFound for a missing referenced row (what is the
// referenced thing is named by missing), NotFound for sql.ErrNoRows (named by
// what), and Database for anything else.
func failed(err error, what, missing string) error {
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return sello.Errorf(sello.NotFound, "%s not found", what)
	}
	switch errorCode(err) {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &sello.Error{Code: sello.AlreadyExists, Message: what + " already exists", Err: err}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return &sello.Error{Code: sello.NotFound, Message: missing + " not found", Err: err}
	}
	return sello.Wrap(sello.Database, err, "cannot access "+what)
}

// nanos is the stored form of a time: unix nanoseconds.
func nanos(t time.Time) int64 { return t.UnixNano() }

// nullNanos stores the zero time as NULL.
func nullNanos(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

// fromNanos reads a stored time back in UTC.
func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// fromNullNanos reads NULL back as the zero time.
func fromNullNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromNanos(n.Int64)
}
