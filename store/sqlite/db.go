// Package sqlite implements sello.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go) in WAL mode.
//
// SQLite has one writer at a time, so the DB keeps two pools on the same file:
// a write pool of one connection whose transactions begin IMMEDIATE (no lock
// upgrades, hence no deadlocks between writers), and a read pool of several
// query-only connections that read concurrently from the WAL snapshot. Times
// are stored as INTEGER unix nanoseconds in UTC.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// busyTimeout is how long, in milliseconds, a connection waits for a lock held
// by another process (another replica's CLI, a backup) before failing.
const busyTimeout = "10000"

// DB is a SQLite database holding Sello's data. It implements sello.Store.
type DB struct {
	*sqlstore.DB // the SQL both engines share

	write *sql.DB // one connection, BEGIN IMMEDIATE
	read  *sql.DB // several query-only connections

	hot     map[string]*sql.Stmt // hot writes, prepared on the write pool
	hotRead map[string]*sql.Stmt // hot reads, prepared on the read pool
	group   commitGroup          // new invoices waiting to commit together

	// synchronous is the write connection's PRAGMA synchronous as opened
	// (0 OFF … 3 EXTRA); folio reservations may commit with less (inFolioTx).
	synchronous int

	// trigramCap is how many matches of q a search reads by id; past it,
	// the search walks the team's rows in list order instead (0:
	// trigramIDsCap).
	trigramCap int

	commonGrams commonGrams // rareTrigrams' estimates of common trigrams
}

var _ sello.Store = (*DB)(nil)

// Open opens (creating if needed) the SQLite database at path and applies the
// pending migrations. The path ":memory:" opens a private in-memory database
// served by a single connection.
//
// Parameters of modernc.org/sqlite may follow the path and override the
// defaults: "sello.db?_synchronous=NORMAL" trades durability across power
// loss (not across a crash of the process) for much faster commits.
func Open(ctx context.Context, path string) (*DB, error) {
	// Processes that open a new file at the same moment race to switch it
	// to WAL and to migrate it; SQLite answers some of those steps
	// SQLITE_BUSY at once instead of waiting (a lock upgrade it cannot
	// queue). The loser opens again after a short pause.
	for attempt := 1; ; attempt++ {
		db, err := open(ctx, path)
		if err == nil || attempt == 20 || ctx.Err() != nil || !isBusy(err) {
			return db, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(time.Duration(attempt) * 25 * time.Millisecond):
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	return strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked")
}

func open(ctx context.Context, path string) (*DB, error) {
	db := &DB{}
	var err error
	if name, _, _ := strings.Cut(path, "?"); name == ":memory:" {
		db.write, err = openPool(path, writeParams(), 1)
		db.read = db.write
	} else {
		err = createPrivate(name)
		if err == nil {
			db.write, err = openPool(path, writeParams(), 1)
		}
		if err == nil {
			db.read, err = openPool(path, readParams(), readConns())
		}
	}
	if err == nil {
		err = db.setUp(ctx)
	}
	if err != nil {
		db.Close()
		return nil, sello.Wrap(sello.Database, err, "cannot open the SQLite database")
	}
	return db, nil
}

// createPrivate creates the database file, when it does not exist yet,
// readable and writable by its owner only (0600): it holds every team's
// data. SQLite gives its -wal and -shm files the database file's mode.
func createPrivate(name string) error {
	if strings.HasPrefix(name, "file:") {
		return nil // a URI names the file its own way; SQLite creates it
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// setUp checks the connection, migrates and prepares the hot-path statements.
func (db *DB) setUp(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return err
	}
	if err := migrate(ctx, db.write); err != nil {
		return err
	}
	db.DB = sqlstore.New(db.write, db.read, dialect, sqlstore.Hooks{
		InFolioTx:      db.inFolioTx,
		InInvoiceTx:    db.inInvoiceTx,
		Prepared:       db.prepared,
		Lookup:         db.lookup,
		NarrowClients:  db.narrowClients,
		NarrowInvoices: db.narrowInvoices,
		NarrowPayments: db.narrowPayments,
		InsertCatalog:  insertCatalog,
		IndexCatalog:   indexCatalog,
		SearchCatalog:  db.searchCatalog,
	})
	if err := db.write.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&db.synchronous); err != nil {
		return err
	}
	return db.prepareHot(ctx)
}

func writeParams() url.Values {
	return url.Values{
		"_txlock":       {"immediate"},
		"_busy_timeout": {busyTimeout},
		"_journal_mode": {"WAL"},
		"_foreign_keys": {"1"},
		// FULL: an acknowledged commit survives a power loss, not only a crash.
		"_synchronous": {"FULL"},
	}
}

func readParams() url.Values {
	return url.Values{
		"_busy_timeout": {busyTimeout},
		"_foreign_keys": {"1"},
		"_query_only":   {"1"},
	}
}

// readConns sizes the read pool: enough connections that concurrent
// requests seldom queue for one, with every core busy and some waiting on I/O.
func readConns() int {
	return max(8, 4*runtime.GOMAXPROCS(0))
}

// openPool opens a pool on path with params. Parameters already in path
// (path?_synchronous=NORMAL) override the defaults.
func openPool(path string, params url.Values, conns int) (*sql.DB, error) {
	if name, query, ok := strings.Cut(path, "?"); ok {
		given, err := url.ParseQuery(query)
		if err != nil {
			return nil, fmt.Errorf("parameters of %q: %w", path, err)
		}
		for k, v := range given {
			params[k] = v
		}
		path = name
	}
	pool, err := sql.Open("sqlite", path+"?"+params.Encode())
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxLifetime(0)
	pool.SetConnMaxIdleTime(0)
	return pool, nil
}

// migrate applies the embedded migrations. SQLite has no session locker in
// goose; when two processes start on a new file at once, the loser's attempt
// fails on an existing table and the retry finds the migration applied.
func migrate(ctx context.Context, pool *sql.DB) error {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, pool, dir)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		_, err = p.Up(ctx)
		if err == nil || attempt == 2 || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// dialect is how SQLite spells what the engines' shared SQL leaves open.
// Times are INTEGER unix nanoseconds; the JSON document is read with
// json_extract; one writer runs claims one after another (no SKIP LOCKED).
var dialect = sqlstore.Dialect{
	Time:       unixNano,
	SkipLocked: "",
	// CROSS JOIN keeps this order: without statistics SQLite would rather
	// scan the team's invoices.
	Lead:        func(first, table string) string { return first + ` CROSS JOIN ` + table },
	PairText:    func(s string) string { return s },
	PendingFrom: `invoices INDEXED BY invoices_pending`,
	Contains:    func(column, folded string) (string, any) { return `instr(` + column + `, ?) > 0`, folded },
}

// pointLookup returns ctx without its cancellation for a primary-key read
// that takes microseconds. A cancellable context costs two goroutines per
// query (the driver's interrupt watcher and database/sql's rows closer),
// more than the lookup itself on the authenticated hot path.
func pointLookup(ctx context.Context) context.Context {
	return context.WithoutCancel(ctx)
}

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	var stmts []*sql.Stmt
	for _, s := range db.hot {
		stmts = append(stmts, s)
	}
	for _, s := range db.hotRead {
		stmts = append(stmts, s)
	}
	for _, s := range stmts {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// unixNano is the stored form of a time: unix nanoseconds, the first or
// last that an int64 holds for a time before 1678 or after 2262 (a filter
// such as created[lte]=9999999999 means "any time", not a time that wraps
// around).
func unixNano(t time.Time) any {
	switch {
	case t.Year() < 1678:
		return int64(math.MinInt64)
	case t.Year() > 2261:
		return int64(math.MaxInt64)
	}
	return t.UnixNano()
}
