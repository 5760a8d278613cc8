package sello_test

import (
	"context"
	"crypto/rand"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/pac/sandbox"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/storetest"
	"github.com/shopspring/decimal"
)

// Service tests that need both database engines: what holds across
// replicas (two Services over one database) and under concurrent callers.

// eachEngine runs test on a fresh SQLite store and a fresh PostgreSQL
// store (storetest.PostgresURL: skipped without TEST_DATABASE_URL, failing
// in CI).
func eachEngine(t *testing.T, test func(t *testing.T, s sello.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		test(t, openStore(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		db, err := postgres.Open(t.Context(), storetest.PostgresURL(t))
		if err != nil {
			t.Fatalf("postgres.Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		test(t, db)
	})
}

// receiptService is a Service over s with a sandbox PAC and one team, its
// clock read from *now.
func receiptService(t *testing.T, s sello.Store, now func() time.Time, team *sello.Team) *sello.Service {
	t.Helper()
	cer, key, err := sandbox.GenerateAuthority([]byte("pw"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pac, err := sandbox.New(sandbox.Config{Certificate: cer, Key: key, Password: []byte("pw"), Now: now, Rand: rand.Reader})
	if err != nil {
		t.Fatal(err)
	}
	svc := sello.NewService(s, now, sello.IDGenerator{}, sello.WithStampers(pac, nil))
	if team.ID == "" {
		if _, err := svc.CreateTeam(context.Background(), team); err != nil {
			t.Fatal(err)
		}
	}
	return svc
}

// testGlobalInvoiceReplicas: two Services over one database (two
// replicas) run the global invoice job at once; the period gets one
// invoice with every receipt.
func TestGlobalInvoiceReplicas(t *testing.T) {
	eachEngine(t, testGlobalInvoiceReplicas)
}

func testGlobalInvoiceReplicas(t *testing.T, s sello.Store) {
	ctx := context.Background()
	var mu sync.Mutex
	clock := time.Date(2026, 11, 3, 18, 0, 0, 0, time.UTC)
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return clock
	}
	team := &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
	a := receiptService(t, s, now, team)
	b := receiptService(t, s, now, team)
	for i := range 12 {
		if _, err := a.CreateReceipt(ctx, team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{{Description: "Venta",
			UnitPrice: decimal.NewNullDecimal(decimal.NewFromInt(int64(10 + i))), Taxes: []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.16")}}}}}); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	clock = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	mu.Unlock()
	var wg sync.WaitGroup
	made := make([]int, 4)
	for i := range made {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svc := []*sello.Service{a, b}[i%2]
			n, err := svc.RunGlobalInvoices(ctx, 5)
			if err != nil {
				t.Errorf("RunGlobalInvoices: %v", err)
			}
			made[i] = n
		}()
	}
	wg.Wait()
	invs, _, total, err := a.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 1 || made[0]+made[1]+made[2]+made[3] != 1 {
		t.Fatalf("global invoices = %d (made %v), %v; want 1", total, made, err)
	}
	if len(invs[0].Items) != 12 || invs[0].Global == nil || invs[0].Global.Months != "11" {
		t.Errorf("global invoice: %d lines, global %+v", len(invs[0].Items), invs[0].Global)
	}
}

// testReceiptStampOnce runs the Service over the store: 20 simultaneous
// stamps of one receipt give one invoice, on every engine.
func TestReceiptStampOnceEngines(t *testing.T) {
	eachEngine(t, testReceiptStampOnce)
}

func testReceiptStampOnce(t *testing.T, s sello.Store) {
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC) }
	team := &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
	svc := receiptService(t, s, now, team)
	r, err := svc.CreateReceipt(ctx, team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{{Description: "Café",
		UnitPrice: decimal.NewNullDecimal(decimal.RequireFromString("50")), Taxes: []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.16")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = svc.StampReceipt(ctx, team, false, r.ID, sello.ReceiptStamp{})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch sello.ErrorCode(err) {
		case "":
			ok++
		case sello.Conflict, sello.NotAllowed:
		default:
			t.Errorf("StampReceipt = %v", err)
		}
	}
	_, _, total, err := svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team.ID, ListOptions: sello.ListOptions{Limit: 100}})
	if err != nil || ok != 1 || total != 1 {
		t.Errorf("%d of 20 stamps succeeded, %d invoices (%v); want 1 and 1", ok, total, err)
	}
}
