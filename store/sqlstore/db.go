// Package sqlstore is the SQL that Sello's two database engines share:
// every sello.Store method written once against database/sql, driven by a
// small Dialect value that each engine supplies (how it stores a time, how
// it searches text and reads the JSON document, how it claims rows) and by
// the few engine hooks where an engine commits or prepares its own way.
//
// The engines, store/sqlite and store/postgres, embed *DB and keep only what
// truly differs: opening and migrating, full-text search of clients and
// catalogs, SQLite's group commit and prepared hot statements.
// store/storetest is the judge both must satisfy.
package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sello-mx/sello"
)

// Dialect is what one SQL engine spells its own way. SQL in this package is
// written with $1..$n placeholders, which both engines bind by number.
type Dialect struct {
	// Time is the stored form of a time: unix nanoseconds (SQLite) or a
	// timestamptz (PostgreSQL). Reading accepts either (scanTime).
	Time func(time.Time) any

	// SkipLocked ends a SELECT that picks rows to change, so that
	// concurrent transactions take disjoint rows without waiting ("" where
	// one writer already runs such transactions one after another).
	SkipLocked string

	// PairText is how a metadata key or value is indexed and counted: as
	// it is, or (PostgreSQL, whose index entries hold at most about 2.7 KB)
	// a long one by its MD5, as the SQL of migration 00170 writes it.
	PairText func(s string) string

	// Lead joins table to first so that the database reads first (an
	// index of the few rows a filter names: the UUIDs a complement pays,
	// the rows holding a metadata pair) and then table's rows by id.
	Lead func(first, table string) string

	// PendingFrom reads invoices on invoices_pending, the index of the few
	// pending ones (a planner without statistics would walk another).
	PendingFrom string

	// Contains is the condition that the text column holds folded as a
	// substring, with one ? placeholder, and that placeholder's argument.
	Contains func(column, folded string) (cond string, arg any)

	// LockKey takes a lock on a text key ($1) until the transaction ends,
	// for writes that must check and then insert one at a time ("" where
	// one writer already runs write transactions one after another).
	LockKey string

	// ListTx begins the transaction in which a list reads its count and its
	// page from one snapshot (nil: the engine's default isolation).
	ListTx *sql.TxOptions

	// BatchRows is how many rows one statement writes when many are written
	// together (deliveries and their jobs): 1 where a statement costs no
	// round trip but a long one costs its parsing (SQLite), more where each
	// statement is a round trip (PostgreSQL). 0 means 1.
	BatchRows int
	// ImportRows is how many invoices an import writes to a statement (25
	// values each; 0 means BatchRows): more where a statement's triggers
	// run once for all its rows (PostgreSQL counts new invoices so, 00210).
	ImportRows int
}

// batch is the dialect's BatchRows, at least 1.
func (db *DB) batch() int { return max(db.d.BatchRows, 1) }

// importRows is the dialect's ImportRows, else its BatchRows.
func (db *DB) importRows() int {
	if db.d.ImportRows > 0 {
		return db.d.ImportRows
	}
	return db.batch()
}

// Hooks are the places where an engine commits, prepares or reads its own
// way. A nil hook takes the plain database/sql behaviour.
type Hooks struct {
	// InFolioTx runs a folio reservation in a write transaction.
	InFolioTx func(ctx context.Context, f func(tx Execer) error) error
	// InInvoiceTx runs the storing of a new invoice in a write transaction.
	InInvoiceTx func(ctx context.Context, f func(ctx context.Context, tx *sql.Tx) error) error
	// Prepared returns tx running hot queries through prepared statements.
	Prepared func(tx *sql.Tx) Execer
	// Lookup runs a point read, through a prepared statement if it has one.
	Lookup func(ctx context.Context, query string, args ...any) *sql.Row
	// NarrowClients may rewrite a client list's query (a full-text index);
	// false means nothing can match.
	NarrowClients func(ctx context.Context, q ListQuery, f sello.ClientFilter) (bool, error)
	// NarrowInvoices may rewrite the query of an invoice list with q (kind:
	// its conditions on status and type); false means nothing can match.
	NarrowInvoices func(ctx context.Context, q ListQuery, f sello.InvoiceFilter, kind []string, kindArgs []any) (bool, error)
	// NarrowPayments may rewrite the query of a payment list with q; false
	// means nothing can match.
	NarrowPayments func(ctx context.Context, q ListQuery, f sello.PaymentFilter) (bool, error)

	// InsertCatalog inserts a catalog's entries, in code order, and their
	// search texts, in the import's transaction. Required.
	InsertCatalog func(ctx context.Context, tx *sql.Tx, name string, entries []sello.CatalogEntry, texts []string) error
	// IndexCatalog stores the counts of a catalog's short substrings
	// (sello.ShortSubstringCounts) for its search. Required.
	IndexCatalog func(ctx context.Context, tx *sql.Tx, name string, grams map[string]int) error
	// SearchCatalog answers a catalog list with q. Required.
	SearchCatalog func(ctx context.Context, f sello.CatalogEntryFilter) ([]*sello.CatalogEntry, bool, int, error)
}

// DB is a SQL database holding Sello's data. Engines embed it and supply
// their Dialect and Hooks.
type DB struct {
	write *sql.DB // where writes go (SQLite: its one connection)
	read  *sql.DB // where reads go (the same pool on PostgreSQL)
	d     Dialect
	h     Hooks

	takeExpiredFolio string // takeExpiredFolio(d.SkipLocked)

	notify func()      // wakes the delivery worker (SetDeliveryNotify)
	due    atomic.Bool // a write transaction of the engine's own made deliveries due (wakeAfter)
	dueTx  sync.Map    // *sql.Tx → true: an InTx transaction that made deliveries due

	certs certificates // invoice certificates known to be stored (invoice_body.go)
}

// SetDeliveryNotify sets a function called after a write transaction that
// made webhook deliveries due has committed (an event fanned out, a replay,
// a retry asked through the API): the delivery worker's Wake.
// Set it before the store is used. Each transaction that made deliveries
// due wakes the worker after its own commit (wakeAfter).
func (db *DB) SetDeliveryNotify(f func()) { db.notify = f }

// wakeAfter marks the write transaction ex runs in as one whose commit
// wakes the delivery worker. A transaction of InTx is marked itself, so
// that the commit of another one cannot take its wake-up (PostgreSQL
// commits concurrently); any other (SQLite's prepared transactions and
// group commit, where one writer commits at a time) marks the store.
func (db *DB) wakeAfter(ex Execer) {
	if tx, ok := ex.(*sql.Tx); ok {
		db.dueTx.Store(tx, true)
		return
	}
	db.due.Store(true)
}

// Committed is called after every write transaction commits; engines call
// it from their own commit paths too.
func (db *DB) Committed() {
	if db.due.Swap(false) && db.notify != nil {
		db.notify()
	}
}

// New returns a DB that writes through write and reads through read (the
// same pool when the engine has one).
func New(write, read *sql.DB, d Dialect, h Hooks) *DB {
	db := &DB{write: write, read: read, d: d, h: h, takeExpiredFolio: takeExpiredFolio(d.SkipLocked)}
	if db.h.InFolioTx == nil {
		db.h.InFolioTx = func(ctx context.Context, f func(tx Execer) error) error {
			return db.InTx(ctx, "folio", func(tx *sql.Tx) error { return f(tx) })
		}
	}
	if db.h.InInvoiceTx == nil {
		db.h.InInvoiceTx = func(ctx context.Context, f func(ctx context.Context, tx *sql.Tx) error) error {
			return db.InTx(ctx, "invoice", func(tx *sql.Tx) error { return f(ctx, tx) })
		}
	}
	if db.h.Prepared == nil {
		db.h.Prepared = func(tx *sql.Tx) Execer { return tx }
	}
	if db.h.Lookup == nil {
		db.h.Lookup = db.read.QueryRowContext
	}
	return db
}

// HotWrites are the statements every issued invoice (and every webhook
// delivery) runs in its write transactions, for an engine that prepares them once (SQLite parses and
// plans a statement on every execution of its text).
func (db *DB) HotWrites() []string {
	return []string{db.takeExpiredFolio, insertReservation, advanceTestCounter, advanceLiveCounter,
		insertInvoice, deleteReservation, deleteIssuing, insertMetadata, insertEvent, selectSubscribers,
		insertDelivery, upsertJob, updateDelivery, moveDeliveryJob, endDeliveryJob, openEmailJob}
}

// HotReads are the point reads of every request (the key and its team) and
// of every issued invoice, for an engine that prepares them once.
func (db *DB) HotReads() []string {
	return []string{selectAPIKeyByID, selectTeamByID, selectTeamSettings, selectTeamCSD, selectClientByID}
}

// Writer is the pool that writes go through.
func (db *DB) Writer() *sql.DB { return db.write }

// Reader is the pool that reads go through.
func (db *DB) Reader() *sql.DB { return db.read }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return sello.Wrap(sello.Database, err, "database unavailable")
	}
	return nil
}

// Execer is what a pool, a transaction and SQLite's prepared transaction
// have in common.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// scanner is a row to read: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// InTx runs f in a write transaction and commits it; what names the object
// in errors.
func (db *DB) InTx(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return Failed(err, what, "")
	}
	defer tx.Rollback()
	defer db.dueTx.Delete(tx)
	if err := f(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return Failed(err, what, "")
	}
	if _, due := db.dueTx.LoadAndDelete(tx); due && db.notify != nil {
		db.notify()
	}
	db.Committed()
	return nil
}
