package sello_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/postgres"
	"github.com/sello-mx/sello/store/storetest"
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

// TestGlobalInvoiceReplicas: two Services over one database (two
// replicas) run the global invoice job at once; the period gets one
// invoice with every receipt.
func TestGlobalInvoiceReplicas(t *testing.T) {
	t.Parallel()
	eachEngine(t, testGlobalInvoiceReplicas)
}

func testGlobalInvoiceReplicas(t *testing.T, s sello.Store) {
	ctx := context.Background()
	a := newInvoiceFixtureOn(t, s, nil)
	b := newInvoiceFixtureOn(t, s, a.team)
	for i := range 12 {
		if _, err := a.svc.CreateReceipt(ctx, a.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item(fmt.Sprint(10 + i))}}); err != nil {
			t.Fatal(err)
		}
	}
	// Into the next month, when November's global invoice is due.
	for _, f := range []*invoiceFixture{a, b} {
		f.clk.add(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC).Sub(f.clk.now()))
	}
	var wg sync.WaitGroup
	made := make([]int, 4)
	for i := range made {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := []*invoiceFixture{a, b}[i%2].svc.RunGlobalInvoices(ctx, 5)
			if err != nil {
				t.Errorf("RunGlobalInvoices: %v", err)
			}
			made[i] = n
		}()
	}
	wg.Wait()
	invs, _, total, err := a.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: a.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 1 || made[0]+made[1]+made[2]+made[3] != 1 {
		t.Fatalf("global invoices = %d (made %v), %v; want 1", total, made, err)
	}
	if len(invs[0].Items) != 12 || invs[0].Global == nil || invs[0].Global.Months != "11" {
		t.Errorf("global invoice: %d lines, global %+v", len(invs[0].Items), invs[0].Global)
	}
}
