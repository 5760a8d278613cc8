package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/storetest"
)

// TestUpgradeInvoiceLists migrates a database holding invoices written
// before migration 00070.
func TestUpgradeInvoiceLists(t *testing.T) { upgradeFrom(t, 60, storetest.UpgradeInvoiceLists) }

// TestUpgradeJobs migrates a database holding background work written
// before migration 00090.
func TestUpgradeJobs(t *testing.T) { upgradeFrom(t, 80, storetest.UpgradeJobs) }

// TestUpgradeInvoiceBodies migrates a database holding invoices written
// before migration 00140.
func TestUpgradeInvoiceBodies(t *testing.T) { upgradeFrom(t, 130, storetest.UpgradeInvoiceBodies) }

// TestUpgradeMetadataPairs migrates a database holding payments and
// clients written before migration 00170.
func TestUpgradeMetadataPairs(t *testing.T) { upgradeFrom(t, 160, storetest.UpgradeMetadataPairs) }

// upgradeFrom migrates a new database up to version, has check write rows
// in that schema, and opens it (migrating it to the latest version) for
// check.
func upgradeFrom(t *testing.T, version int64, check func(*testing.T, *sql.DB, func(time.Time) any, func() sello.Store)) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sello.db")
	pool, err := openPool(path, writeParams(), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	dir, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, pool, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version); err != nil {
		t.Fatalf("migrate to %d: %v", version, err)
	}
	check(t, pool, func(at time.Time) any { return at.UnixNano() }, func() sello.Store {
		pool.Close()
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open (migrating from %d): %v", version, err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// TestUpgradeSearchParties migrates a database holding invoices written
// before migration 00230.
func TestUpgradeSearchParties(t *testing.T) { upgradeFrom(t, 200, storetest.UpgradeSearchParties) }
