package sello_test

import (
	"cmp"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// BenchmarkCreateReceipt measures recording a sale (lines computed, stored
// with its event, URL signed) on SQLite:
// go test -run '^$' -bench Receipt -benchtime 2s .
func BenchmarkCreateReceipt(b *testing.B) {
	f := newInvoiceFixture(b)
	ctx := context.Background()
	req := &sello.ReceiptRequest{Items: []sello.ItemRequest{item("100"), item("20.5")}}
	for b.Loop() {
		if _, err := f.svc.CreateReceipt(ctx, f.team, false, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStampReceipt measures invoicing one receipt: claim, the invoice
// flow (compute, validate, seal, sandbox stamp) and the transaction that
// stores the invoice and completes the receipt.
func BenchmarkStampReceipt(b *testing.B) {
	f := newInvoiceFixture(b)
	ctx := context.Background()
	var ids []string
	for range b.N + 1 {
		r, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("100")}})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, _, err := f.svc.StampReceipt(ctx, f.team, false, ids[i], sello.ReceiptStamp{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGlobalInvoice measures the global invoice of a month of n
// receipts (one CFDI with n concepts, the n receipts completed in the same
// transaction). Each iteration is another team's January.
func BenchmarkGlobalInvoice(b *testing.B) {
	for _, n := range []int{45, 500} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := newInvoiceFixture(b)
			ctx := context.Background()
			jan, feb := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC), time.Date(2026, 2, 2, 12, 0, 0, 0, time.UTC)
			set := func(t time.Time) {
				f.clk.mu.Lock()
				f.clk.t = t
				f.clk.mu.Unlock()
			}
			for b.Loop() {
				b.StopTimer()
				set(jan)
				team := &sello.Team{LegalName: f.team.LegalName, TaxID: f.team.TaxID, TaxSystem: "601", Zip: f.team.Zip}
				if _, err := f.svc.CreateTeam(ctx, team); err != nil {
					b.Fatal(err)
				}
				var first *sello.Receipt
				for range n + 1 {
					r, err := f.svc.CreateReceipt(ctx, team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("100")}})
					if err != nil {
						b.Fatal(err)
					}
					first = cmp.Or(first, r)
				}
				// Stamping one receipt on its own makes the team's sandbox
				// CSD (an RSA key) outside the timing.
				if _, _, err := f.svc.StampReceipt(ctx, team, false, first.ID, sello.ReceiptStamp{}); err != nil {
					b.Fatal(err)
				}
				set(feb)
				b.StartTimer()
				if _, created, err := f.svc.GlobalInvoice(ctx, team, false, "month", jan); err != nil || !created {
					b.Fatalf("GlobalInvoice = %v, %v", created, err)
				}
			}
		})
	}
}
