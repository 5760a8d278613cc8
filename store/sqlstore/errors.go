package sqlstore

import (
	"database/sql"
	"errors"

	"github.com/sello-mx/sello"
)

// Integrity violations as the two drivers report them: pgx through the
// SQLSTATE of its *pgconn.PgError, modernc.org/sqlite through the extended
// result code of its *sqlite.Error.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"

	sqliteConstraintForeignKey = 787  // SQLITE_CONSTRAINT_FOREIGNKEY
	sqliteConstraintPrimaryKey = 1555 // SQLITE_CONSTRAINT_PRIMARYKEY
	sqliteConstraintUnique     = 2067 // SQLITE_CONSTRAINT_UNIQUE
)

// violation is what integrity rule err broke, if any.
type violation int

const (
	noViolation violation = iota
	uniqueViolation
	foreignKeyViolation
)

// violationOf reads the violation from the driver's error without
// importing either driver.
func violationOf(err error) violation {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		switch pg.SQLState() {
		case pgUniqueViolation:
			return uniqueViolation
		case pgForeignKeyViolation:
			return foreignKeyViolation
		}
		return noViolation
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
			return uniqueViolation
		case sqliteConstraintForeignKey:
			return foreignKeyViolation
		}
	}
	return noViolation
}

// Failed turns a driver error into a sello.Error: AlreadyExists for a unique
// or primary key violation, NotFound for a missing referenced row (the
// referenced thing is named by missing), NotFound for sql.ErrNoRows (named by
// what), and Database for anything else.
func Failed(err error, what, missing string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return sello.Errorf(sello.NotFound, "%s not found", what)
	}
	switch violationOf(err) {
	case uniqueViolation:
		return &sello.Error{Code: sello.AlreadyExists, Message: what + " already exists", Err: err}
	case foreignKeyViolation:
		return &sello.Error{Code: sello.NotFound, Message: missing + " not found", Err: err}
	}
	return sello.Wrap(sello.Database, err, "cannot access "+what)
}

// failed is Failed, as the code of this package calls it.
func failed(err error, what, missing string) error { return Failed(err, what, missing) }
