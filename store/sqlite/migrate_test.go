package sqlite

import (
	"context"
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
func TestUpgradeInvoiceLists(t *testing.T) {
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
	if _, err := p.UpTo(context.Background(), 60); err != nil {
		t.Fatalf("migrate to 60: %v", err)
	}
	storetest.UpgradeInvoiceLists(t, pool, func(at time.Time) any { return at.UnixNano() }, func() sello.Store {
		pool.Close()
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open (migrating from 60): %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
