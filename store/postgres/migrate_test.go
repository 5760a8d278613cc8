package postgres

import (
	"context"
	"database/sql"
	"io/fs"
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
	url := storetest.PostgresURL(t)
	pool, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	dir, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectPostgres, pool, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), 60); err != nil {
		t.Fatalf("migrate to 60: %v", err)
	}
	storetest.UpgradeInvoiceLists(t, pool, func(at time.Time) any { return at.UTC() }, func() sello.Store {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatalf("Open (migrating from 60): %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
