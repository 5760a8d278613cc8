package postgres_test

import (
	"database/sql"
	"net/url"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/storetest"
)

// freshURL is an empty database of its own (storetest.PostgresURL) whose
// commits need not wait for the disk: pgx sends unknown URL parameters as
// session settings.
func freshURL(tb testing.TB) string {
	tb.Helper()
	u, err := url.Parse(storetest.PostgresURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

func open(tb testing.TB, dbURL string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(tb.Context(), dbURL)
	if err != nil {
		tb.Fatalf("Open = %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close() = %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) sello.Store { return open(t, freshURL(t)) })
}

// TestOpenConcurrent starts several replicas on one new database at once:
// the migration lock lets each migration apply once and all Opens succeed.
func TestOpenConcurrent(t *testing.T) {
	t.Parallel()
	dbURL := freshURL(t)
	var wg sync.WaitGroup
	dbs := make([]*postgres.DB, 4)
	errs := make([]error, len(dbs))
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = postgres.Open(t.Context(), dbURL)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open in replica %d = %v", i, err)
			continue
		}
		dbs[i].Close()
	}
}

func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	_, err := postgres.Open(t.Context(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if code := sello.ErrorCode(err); code != sello.Database {
		t.Errorf("Open(unreachable) = %v (code %q), want code %q", err, code, sello.Database)
	}
}

func BenchmarkFindAPIKeyByID(b *testing.B) {
	storetest.BenchFindAPIKeyByID(b, open(b, freshURL(b)))
}

func BenchmarkFindTeamByID(b *testing.B) {
	storetest.BenchFindTeamByID(b, open(b, freshURL(b)))
}

func BenchmarkImportCatalog(b *testing.B) {
	storetest.BenchImportCatalog(b, open(b, freshURL(b)))
}

func BenchmarkSearchCatalog(b *testing.B) {
	storetest.BenchSearchCatalog(b, open(b, freshURL(b)))
}

func BenchmarkSearchClients(b *testing.B) {
	storetest.BenchSearchClients(b, open(b, freshURL(b)))
}

func BenchmarkReserveAndCreateInvoice(b *testing.B) {
	storetest.BenchReserveAndCreateInvoice(b, open(b, freshURL(b)))
}

func BenchmarkFindInvoices(b *testing.B) {
	dbURL := freshURL(b)
	// Autovacuum would vacuum and analyze the seeded table some time later.
	storetest.BenchFindInvoices(b, open(b, dbURL), func(b *testing.B) {
		pool, err := sql.Open("pgx", dbURL)
		if err != nil {
			b.Fatal(err)
		}
		defer pool.Close()
		if _, err := pool.ExecContext(b.Context(), `VACUUM ANALYZE`); err != nil {
			b.Fatalf("VACUUM ANALYZE = %v", err)
		}
	})
}

// TestNoJIT: Sello's sessions run without JIT compilation unless the URL
// asks for it (a plan's cost, not its run, decides JIT: 155 ms compiling a
// 0.1 ms total at ten million invoices).
func TestNoJIT(t *testing.T) {
	t.Parallel()
	dbURL := freshURL(t)
	if v, err := open(t, dbURL).Setting(t.Context(), "jit"); err != nil || v != "off" {
		t.Errorf("jit = %q, %v; want off", v, err)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("jit", "on")
	u.RawQuery = q.Encode()
	if v, err := open(t, u.String()).Setting(t.Context(), "jit"); err != nil || v != "on" {
		t.Errorf("jit with ?jit=on = %q, %v; want on", v, err)
	}
}
