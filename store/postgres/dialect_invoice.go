package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The dialect of the invoice queries (invoice.go, invoice_list.go and
// folio.go are the same in both engines).

// skipLocked ends a SELECT that picks rows to change: concurrent
// transactions (several replicas) take disjoint rows without waiting on
// each other.
const skipLocked = ` FOR UPDATE SKIP LOCKED`

// nullStamp stores the zero time as NULL.
func nullStamp(t time.Time) any { return nullTime(t.UTC()) }

// nullTimeDest scans a nullable stored time into *t, in UTC: NULL is the
// zero time.
type nullTimeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d nullTimeDest) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = x.UTC()
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

// searchWhere adds the q condition: folded is a substring of the folded
// search text, which the pg_trgm index serves.
func searchWhere(l *list, folded string) {
	l.where(`search LIKE ? ESCAPE '\'`, likeArg(folded))
}

// paysFrom joins an invoice to the UUIDs it pays.
const paysFrom = `invoice_payments JOIN invoices ON true`

// docTextWhere adds the condition that a top-level text field of the JSON
// doc equals value.
func docTextWhere(l *list, field, value string) {
	l.where(`(doc::jsonb ->> ?) = ?`, field, value)
}

// prepared returns tx: pgx already prepares each statement once per
// connection and keeps it in its statement cache.
func (db *DB) prepared(tx *sql.Tx) execer { return tx }

// inFolioTx runs a folio reservation in a write transaction. PostgreSQL
// commits it like any other (see store/sqlite for a cheaper commit).
func (db *DB) inFolioTx(ctx context.Context, f func(tx execer) error) error {
	return db.inTx(ctx, "folio", func(tx *sql.Tx) error { return f(tx) })
}

// inInvoiceTx runs the storing of a new invoice in a write transaction.
func (db *DB) inInvoiceTx(ctx context.Context, f func(ctx context.Context, tx *sql.Tx) error) error {
	return db.inTx(ctx, "invoice", func(tx *sql.Tx) error { return f(ctx, tx) })
}

// lookup runs a point read; pgx caches its prepared statement.
func (db *DB) lookup(ctx context.Context, query string, args ...any) *sql.Row {
	return db.pool.QueryRowContext(ctx, query, args...)
}
