// Package postgres implements sello.Store on PostgreSQL through pgx's
// database/sql driver. Several stateless replicas may share one database:
// migrations run at start-up under a session advisory lock, and every write
// that must be unique across replicas relies on the database's constraints.
package postgres

import (
	"context"
	"crypto/md5"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// lockID is the advisory lock that serialises migrations of Sello's schema
// (crc32 of "sello-migrate"), distinct from goose's default so that another
// goose-managed application sharing the database does not wait on Sello.
const lockID = 0xd827acec

// maxConns bounds the pool; PostgreSQL's default max_connections is 100 and
// several replicas share it.
const maxConns = 20

// DB is a PostgreSQL database holding Sello's data. It implements sello.Store.
type DB struct {
	*sqlstore.DB // the SQL both engines share

	pool *sql.DB

	trigrams trigramStats // what ANALYZE knows of the texts' trigrams (text_search.go)
}

var _ sello.Store = (*DB)(nil)

// Open connects to the database at url (a postgres:// URL or a key=value
// connection string) and applies the pending migrations.
//
// pgx prepares and caches each statement per connection, so repeated queries
// skip parsing and planning without explicit prepared statements.
func Open(ctx context.Context, url string) (*DB, error) {
	pool, err := openPool(url)
	if err != nil {
		return nil, sello.Wrap(sello.Database, err, "cannot open the PostgreSQL database")
	}
	pool.SetMaxOpenConns(maxConns)
	pool.SetMaxIdleConns(maxConns)
	db := &DB{pool: pool}
	db.DB = sqlstore.New(pool, pool, dialect, sqlstore.Hooks{
		InsertCatalog:  insertCatalog,
		IndexCatalog:   indexCatalog,
		SearchCatalog:  db.searchCatalog,
		NarrowInvoices: db.narrowInvoices,
		NarrowPayments: db.narrowPayments,
	})
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, sello.Wrap(sello.Database, err, "cannot connect to PostgreSQL")
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, sello.Wrap(sello.Database, err, "cannot migrate the PostgreSQL database")
	}
	return db, nil
}

// migrate applies the embedded migrations while holding a session advisory
// lock, so replicas starting together apply each migration once.
func migrate(ctx context.Context, pool *sql.DB) error {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID), lock.WithLockTimeout(1, 300))
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, pool, dir, goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// dialect is how PostgreSQL spells what the engines' shared SQL leaves
// open. Times are timestamptz; the JSON document is read as jsonb; text
// search is LIKE, which the pg_trgm indexes serve; concurrent replicas
// claim rows with SKIP LOCKED and check-then-insert under an advisory lock;
// a list reads its count and page from one repeatable-read snapshot; rows
// written together go 64 to a statement.
var dialect = sqlstore.Dialect{
	Time:        func(t time.Time) any { return t },
	SkipLocked:  ` FOR UPDATE SKIP LOCKED`,
	Lead:        func(first, table string) string { return first + ` JOIN ` + table + ` ON true` },
	PairText:    pairText,
	PendingFrom: `invoices`,
	Contains: func(column, folded string) (string, any) {
		return column + ` LIKE ? ESCAPE '\'`, sqlstore.LikeArg(folded)
	},
	LockKey: `SELECT pg_advisory_xact_lock(hashtext($1))`,
	ListTx:  &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
	// Many rows a statement: each statement is a round trip.
	BatchRows: 64,
	// An import's invoices are counted once per statement (00210): 500 to
	// a statement is 12,500 values of the 65,535 one takes.
	ImportRows: 500,
}

// openPool opens a pool on url whose sessions run without JIT compilation
// (jit=off, unless url sets jit itself). Sello's queries are short, but
// PostgreSQL judges them by their planned cost, which a branch that never
// runs can make large: at ten million invoices the total of a metadata
// list (a pending count whose plan holds a sequential scan it never
// executes) was compiled for 155 ms to run for 0.1 ms.
func openPool(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	return stdlib.OpenDB(*cfg), nil
}

// Close closes the pool.
func (db *DB) Close() error { return db.pool.Close() }

// longPair is the longest metadata key or value, in bytes, indexed as it
// is; a longer one is indexed by its MD5 (pair_text, migration 00170), so
// that no index entry outgrows a btree page's third.
const longPair = 512

// pairText is Dialect.PairText: s, or "md5:" and its MD5 in hex when it is
// longer than longPair.
func pairText(s string) string {
	if len(s) <= longPair {
		return s
	}
	sum := md5.Sum([]byte(s))
	return "md5:" + hex.EncodeToString(sum[:])
}
