package sqlite_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
	"github.com/sello-mx/sello/store/storetest"
)

// openTemp opens a fresh database in a temporary directory, closed on cleanup.
func openTemp(tb testing.TB) *sqlite.DB {
	tb.Helper()
	return openPath(tb, filepath.Join(tb.TempDir(), "sello.db"))
}

func openPath(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(tb.Context(), path)
	if err != nil {
		tb.Fatalf("Open(%s) = %v", path, err)
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
	storetest.Run(t, func(t *testing.T) sello.Store { return openTemp(t) })
}

func TestStoreInMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) sello.Store { return openPath(t, ":memory:") })
}

// TestOpenTwice checks that reopening a migrated file works and keeps data,
// and that several processes' worth of Opens on one new file agree.
func TestOpenTwice(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sello.db")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			openPath(t, path)
		}()
	}
	wg.Wait()
	first := openPath(t, path)
	if _, err := first.Secret(t.Context(), "s", func() ([]byte, error) { return []byte("v"), nil }); err != nil {
		t.Fatalf("Secret = %v", err)
	}
	second := openPath(t, path)
	got, err := second.Secret(t.Context(), "s", func() ([]byte, error) { return []byte("other"), nil })
	if err != nil || string(got) != "v" {
		t.Errorf("Secret after reopening = %q, %v, want \"v\", nil", got, err)
	}
}

// openBench opens a fresh database whose commits skip fsync, so seeding the
// benchmarks is quick; reads do not depend on it.
func openBench(b *testing.B) *sqlite.DB {
	return openPath(b, filepath.Join(b.TempDir(), "sello.db")+"?_synchronous=NORMAL")
}

func TestOpenFails(t *testing.T) {
	t.Parallel()
	for _, path := range []string{
		filepath.Join(t.TempDir(), "missing", "dir", "sello.db"),
		filepath.Join(t.TempDir(), "sello.db") + "?_synchronous=SOMETIMES",
		filepath.Join(t.TempDir(), "sello.db") + "?%zz",
	} {
		db, err := sqlite.Open(t.Context(), path)
		if code := sello.ErrorCode(err); code != sello.Database {
			t.Errorf("Open(%s) = %v (code %q), want code %q", path, err, code, sello.Database)
		}
		if db != nil {
			db.Close()
		}
	}
}

func BenchmarkFindAPIKeyByID(b *testing.B) {
	storetest.BenchFindAPIKeyByID(b, openBench(b))
}

func BenchmarkFindTeamByID(b *testing.B) {
	storetest.BenchFindTeamByID(b, openBench(b))
}

func BenchmarkImportCatalog(b *testing.B) {
	storetest.BenchImportCatalog(b, openBench(b))
}

func BenchmarkSearchCatalog(b *testing.B) {
	storetest.BenchSearchCatalog(b, openBench(b))
}

func BenchmarkSearchClients(b *testing.B) {
	storetest.BenchSearchClients(b, openBench(b))
}

func BenchmarkReserveAndCreateInvoice(b *testing.B) {
	storetest.BenchReserveAndCreateInvoice(b, openBench(b))
}

func BenchmarkFindInvoices(b *testing.B) {
	storetest.BenchFindInvoices(b, openBench(b), nil)
}

// TestFileMode: the database and its WAL are readable by their owner only.
func TestFileMode(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sello.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range []string{path, path + "-wal"} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(name), mode)
		}
	}
}

// TestInvoiceTotalsPastTheCap checks list totals with searches that match
// more invoices than a search reads by id: those walk the list and count
// in the trigram index.
func TestInvoiceTotalsPastTheCap(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	db.SetTrigramCap(3)
	storetest.InvoiceTotals(t, db)
}

func TestInvoiceSearchExact(t *testing.T) {
	t.Parallel()
	storetest.InvoiceSearchExact(t, openTemp(t), func() {})
}

func TestPaymentSearchExact(t *testing.T) {
	t.Parallel()
	storetest.PaymentSearchExact(t, openTemp(t), func() {})
}
