package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// InvoiceTotals is testInvoiceCountsExact, for an engine to run again with
// its own settings.
func InvoiceTotals(t *testing.T, s sello.Store) { testInvoiceCountsExact(t, s) }

// testInvoiceCountsExact: the total of every list equals the invoices that
// match it, whichever way the store finds it (kept counts, their date
// spans and partial days, or counted rows), after invoices are created,
// change status, series, client and metadata, and drafts are deleted. The
// invoices fall over four months, some at midnight and the last instant of
// a day; the date ranges start and end on and around day and month bounds.
func testInvoiceCountsExact(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_exact")
	mustCreateTeam(t, s, newTeam(team, "", "EXACTA", t0))
	r := rand.New(rand.NewPCG(16, 10))
	start := time.Date(2026, 1, 30, 0, 0, 0, 0, time.UTC)
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	statuses := []sello.InvoiceStatus{sello.InvoiceValid, sello.InvoiceCanceled, sello.InvoicePending, sello.InvoiceDraft}
	var invs []*sello.Invoice
	for i := range 120 {
		at := start.Add(time.Duration(r.Int64N(int64(95 * 24 * time.Hour))))
		switch i % 10 {
		case 0:
			at = dayOf(at) // midnight
		case 1:
			at = dayOf(at).Add(24*time.Hour - time.Microsecond) // the day's last instant both engines keep
		}
		status := statuses[r.IntN(len(statuses))]
		inv := newInvoice(fmt.Sprintf("invoice_x%03d", i), team, i%7 == 0, status, pick("A", "B", "", "Ñ"), int64(i+1), at)
		if status == sello.InvoiceDraft {
			inv.Folio = 0
		}
		inv.Type = pick("I", "I", "E", "P")
		inv.PaymentMethod = pick("PUE", "PPD", "")
		inv.ClientID = pick("client_a", "client_b", "")
		inv.Metadata = map[string]any{"channel": pick("web", "app"), "tier": pick("gold", "silver")}
		if i%5 == 0 {
			delete(inv.Metadata, "tier")
		}
		mustCreateInvoice(t, s, inv)
		invs = append(invs, inv)
	}
	// Changes: a status, a draft's series, client, payment method and
	// metadata, and deleted drafts.
	var kept []*sello.Invoice
	for i, inv := range invs {
		prev := inv.Status
		switch {
		case prev == sello.InvoiceDraft && i%3 == 0:
			if err := s.DeleteDraft(ctx, team, inv.Livemode, inv.ID); err != nil {
				t.Fatal(err)
			}
			continue
		case prev == sello.InvoiceDraft:
			inv.Series, inv.ClientID, inv.PaymentMethod = pick("A", "C"), pick("client_a", "client_c"), "PPD"
			inv.Metadata = map[string]any{"channel": "phone"}
		case prev == sello.InvoiceValid && i%2 == 0:
			inv.Status = sello.InvoiceCanceled
		case prev == sello.InvoicePending && i%2 == 0:
			inv.Status = sello.InvoiceValid
			inv.Metadata["tier"] = "bronze"
		default:
			kept = append(kept, inv)
			continue
		}
		if err := s.UpdateInvoice(ctx, inv, prev); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, inv)
	}

	midnight := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ranges := [][2]time.Time{
		{},
		{midnight, {}},
		{{}, midnight},
		{midnight, midnight.Add(-time.Microsecond).AddDate(0, 1, 0)}, // March, whole
		{time.Date(2026, 2, 10, 15, 4, 5, 0, time.UTC), time.Date(2026, 4, 20, 1, 2, 3, 0, time.UTC)},
		{time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 11, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 2, 10, 7, 0, 0, 0, time.UTC), time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)},
		{time.Date(2026, 2, 27, 23, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC), {}},
		{{}, time.Date(2026, 4, 3, 12, 0, 0, 0, time.UTC)},
	}
	for i := range 20 { // ends at random instants, some of them an invoice's own
		lo, hi := kept[r.IntN(len(kept))].CreatedAt, start.Add(time.Duration(r.Int64N(int64(95*24*time.Hour))))
		if i%2 == 0 {
			hi = kept[r.IntN(len(kept))].CreatedAt
		}
		if hi.Before(lo) {
			lo, hi = hi, lo
		}
		ranges = append(ranges, [2]time.Time{lo, hi})
	}
	filters := []sello.InvoiceFilter{
		{}, {Series: "A"}, {Series: "Ñ"}, {Series: ""}, {PaymentMethod: "PPD"}, {ClientID: "client_a"},
		{Metadata: map[string]string{"channel": "web"}}, {Metadata: map[string]string{"tier": "bronze"}},
		{Metadata: map[string]string{"channel": "phone"}},
		{Series: "B", ClientID: "client_b"}, {Metadata: map[string]string{"channel": "app", "tier": "gold"}},
		{Query: "X01"}, {Query: "peña"}, {Query: "a1"}, {Query: "nothing like it"}, {Query: "x1", Series: "A"},
		{Query: "invoice_x", Metadata: map[string]string{"channel": "web"}}, {Query: "invoice", ClientID: "client_b"},
	}
	kinds := []sello.InvoiceFilter{
		{}, {Statuses: []sello.InvoiceStatus{sello.InvoiceCanceled}}, {Statuses: []sello.InvoiceStatus{sello.InvoiceDraft}},
		{Statuses: []sello.InvoiceStatus{sello.InvoiceValid, sello.InvoiceCanceled}}, {Types: []string{"I"}},
		{Types: []string{"E", "P"}, Statuses: []sello.InvoiceStatus{sello.InvoiceValid}},
	}
	checked := 0
	for _, live := range []bool{false, true} {
		for _, base := range filters {
			for _, k := range kinds {
				for _, rg := range ranges {
					f := base
					f.TeamID, f.Livemode, f.Statuses, f.Types = team, live, k.Statuses, k.Types
					f.CreatedGTE, f.CreatedLTE = rg[0], rg[1]
					want := 0
					for _, inv := range kept {
						if invoiceMatches(inv, f) {
							want++
						}
					}
					_, _, got, err := s.FindInvoices(ctx, f)
					if err != nil {
						t.Fatalf("FindInvoices(%+v) = %v", f, err)
					}
					if got != want {
						t.Errorf("total of %+v = %d, want %d", f, got, want)
					}
					checked++
				}
			}
		}
	}
	t.Logf("%d lists, each total equal to its matches", checked)
}

// invoiceMatches is FindInvoices' filter, said plainly.
func invoiceMatches(inv *sello.Invoice, f sello.InvoiceFilter) bool {
	statusOK := inv.Status != sello.InvoiceDraft
	if len(f.Statuses) > 0 {
		statusOK = slices.Contains(f.Statuses, inv.Status)
	}
	if inv.Livemode != f.Livemode || !statusOK ||
		len(f.Types) > 0 && !slices.Contains(f.Types, inv.Type) ||
		f.Series != "" && inv.Series != f.Series ||
		f.PaymentMethod != "" && inv.PaymentMethod != f.PaymentMethod ||
		f.ClientID != "" && inv.ClientID != f.ClientID ||
		f.Query != "" && !strings.Contains(inv.SearchText(), sello.Fold(f.Query)) ||
		!f.CreatedGTE.IsZero() && inv.CreatedAt.Before(f.CreatedGTE) ||
		!f.CreatedLTE.IsZero() && inv.CreatedAt.After(f.CreatedLTE) {
		return false
	}
	for k, v := range f.Metadata {
		if fmt.Sprint(inv.Metadata[k]) != v {
			return false
		}
	}
	return true
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
