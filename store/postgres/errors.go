package postgres

import (
	"database/sql"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sello-mx/sello"
)

// PostgreSQL error codes (SQLSTATE) that map to domain codes.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// failed turns a driver error into a sello.Error: AlreadyExists for a unique
// violation, NotFound for a missing referenced row (the referenced thing is
// named by missing), NotFound for sql.ErrNoRows (named by what), and Database
// for anything else.
func failed(err error, what, missing string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return sello.Errorf(sello.NotFound, "%s not found", what)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case uniqueViolation:
			return &sello.Error{Code: sello.AlreadyExists, Message: what + " already exists", Err: err}
		case foreignKeyViolation:
			return &sello.Error{Code: sello.NotFound, Message: missing + " not found", Err: err}
		}
	}
	return sello.Wrap(sello.Database, err, "cannot access "+what)
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) sql.NullTime {
	return sql.NullTime{Time: t, Valid: !t.IsZero()}
}

// fromNullTime reads NULL back as the zero time, and any time in UTC.
func fromNullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
