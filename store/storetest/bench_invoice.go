package storetest

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// benchInvoices sizes the invoice list benchmark.
const benchInvoices = 50_000

// benchXML is a sealed document of a realistic size (about 4 KiB).
var benchXML = append(append([]byte(nil), sealedXML...), bytes.Repeat([]byte("<cfdi:Concepto Importe='100.00'/>\r\n"), 110)...)

// BenchReserveAndCreateInvoice measures the store's part of issuing an
// invoice, from parallel goroutines on one series: ReserveFolio, then
// CreateInvoice with that folio, its 4 KiB XML and one event.
func BenchReserveAndCreateInvoice(b *testing.B, s sello.Store) {
	team := sello.TeamID("team_bench")
	mustCreateTeamB(b, s, newTeam(team, "", "BENCH", t0))
	var n atomic.Int64
	b.SetParallelism(4) // each call waits on a commit; keep the cores busy
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			f, err := s.ReserveFolio(b.Context(), team, false, "A", "series_bench", "", t0, t0.Add(time.Hour))
			if err != nil {
				b.Fatalf("ReserveFolio = %v", err)
			}
			inv := newInvoice(fmt.Sprintf("invoice_%09d", i), team, false, sello.InvoiceValid, "A", f, t0.Add(time.Duration(i)))
			inv.XML = benchXML
			ev := newEvent(fmt.Sprintf("evt_%09d", i), team, false, "invoice.created", inv.CreatedAt)
			if err := s.CreateInvoice(b.Context(), inv, nil, ev); err != nil {
				b.Fatalf("CreateInvoice(folio %d) = %v", f, err)
			}
		}
	})
}

// BenchFindInvoices measures GET /v2/invoices and /invoices/search's store
// query (a page of 20 and the total) over benchInvoices invoices of one
// team: the newest page, a client, q on a name, a folio and a UUID, and the
// complements that pay an invoice. analyze, when not nil, refreshes the
// engine's planner statistics after seeding, as its background work would.
func BenchFindInvoices(b *testing.B, s sello.Store, analyze func(b *testing.B)) {
	team := sello.TeamID("team_bench")
	mustCreateTeamB(b, s, newTeam(team, "", "BENCH", t0))
	seedInvoices(b, s, team)
	if analyze != nil {
		analyze(b)
	}
	for _, c := range []struct {
		name string
		f    sello.InvoiceFilter
	}{
		{"Newest", sello.InvoiceFilter{}},
		{"Client", sello.InvoiceFilter{ClientID: "client_00042"}},
		{"QueryName", sello.InvoiceFilter{Query: sello.Fold("Peña 4242")}},
		{"QueryFolio", sello.InvoiceFilter{Query: "a31337"}},
		{"QueryUUID", sello.InvoiceFilter{Query: sello.Fold(uuidOf("invoice_012345")[:18])}},
		{"PaysInvoice", sello.InvoiceFilter{PaysInvoice: uuidOf("invoice_000777")}},
		{"CanceledEgress", sello.InvoiceFilter{Types: []string{"E"}, Statuses: []sello.InvoiceStatus{sello.InvoiceCanceled}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := c.f
			f.TeamID, f.ListOptions = team, sello.ListOptions{Limit: 20, Desc: true}
			benchQueries(b, 1, func(int) error {
				_, _, _, err := s.FindInvoices(b.Context(), f)
				return err
			})
		})
	}
}

// seedInvoices stores benchInvoices invoices: one in ten a payment
// complement paying the previous invoice, one in fifty a cancelled credit
// note, clients spread over 1,000.
func seedInvoices(b *testing.B, s sello.Store, team sello.TeamID) {
	b.Helper()
	errs := make(chan error, 8)
	for w := range 8 {
		go func() {
			for i := w; i < benchInvoices; i += 8 {
				id := fmt.Sprintf("invoice_%06d", i)
				at := t0.Add(time.Duration(i) * time.Millisecond)
				var inv *sello.Invoice
				switch {
				case i%10 == 9:
					inv = newPayment(id, team, "P", int64(i+1), at, uuidOf(fmt.Sprintf("invoice_%06d", i-1)))
				default:
					inv = newInvoice(id, team, false, sello.InvoiceValid, "A", int64(i+1), at)
					if i%50 == 0 {
						inv.Type, inv.Status = "E", sello.InvoiceCanceled
					}
				}
				inv.ClientID = fmt.Sprintf("client_%05d", i%1000)
				inv.Client.LegalName = fmt.Sprintf("PEÑA NÚÑEZ %d", i)
				inv.XML = benchXML
				if err := s.CreateInvoice(b.Context(), inv, nil); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			b.Fatalf("CreateInvoice = %v", err)
		}
	}
}
