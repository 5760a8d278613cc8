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
// change status, series, client and metadata, and drafts are deleted (a
// third of them imported in one batch, the others created). The
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
	var invs, imported []*sello.Invoice
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
		if i%3 == 0 {
			imported = append(imported, inv) // stored below, many to a statement
		} else {
			mustCreateInvoice(t, s, inv)
		}
		invs = append(invs, inv)
	}
	if err := s.ImportInvoices(ctx, imported); err != nil {
		t.Fatal(err)
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
		{{}, time.Unix(9999999999, 0)}, // "any time" as some clients say it, past what SQLite's int64 holds
		{time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)},
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
				for i, rg := range ranges {
					// Every range with the filters whose dated totals are
					// summed (none, a series); every third with the others,
					// which count their rows (this test runs three times
					// under -race in CI).
					if base.Series == "" && (base.PaymentMethod != "" || base.ClientID != "" || len(base.Metadata) > 0 ||
						base.Query != "") && i%3 != 0 {
						continue
					}
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

// testListCountsExact: the totals of event and delivery lists, kept or
// counted, equal the rows their pages hold, after events of several types
// in both modes fan out to webhooks, deliveries change status, one of them
// twice, and a webhook is deleted with its deliveries.
func testListCountsExact(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_list_counts")
	mustCreateTeam(t, s, newTeam(team, "", "LISTAS", t0))
	hooks := []*sello.Webhook{
		newWebhook("wh_lc_all", team, false, nil, t0),
		newWebhook("wh_lc_cancel", team, false, []string{"invoice.cancelled"}, t0),
		newWebhook("wh_lc_gone", team, false, nil, t0),
		newWebhook("wh_lc_live", team, true, nil, t0),
	}
	for _, w := range hooks {
		mustCreateWebhook(t, s, w)
	}
	types := []string{"invoice.created", "invoice.canceled", "customer.created"}
	for i := range 30 {
		e := newEvent(fmt.Sprintf("evt_lc%02d", i), team, i%5 == 0, types[i%3], t0.Add(time.Duration(i)*time.Second))
		if err := s.RecordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := s.ClaimDeliveries(ctx, t0.Add(time.Hour), time.Minute, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range claimed {
		d.Attempts, d.LastAttemptAt = 1, t0.Add(time.Hour)
		switch i % 3 {
		case 0:
			d.Status, d.NextAttemptAt = sello.DeliverySucceeded, time.Time{}
		case 1:
			d.Status, d.NextAttemptAt = sello.DeliveryFailed, time.Time{}
		}
		if err := s.UpdateDeliveries(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteWebhook(ctx, team, false, "wh_lc_gone"); err != nil {
		t.Fatal(err)
	}
	// walk counts a list's rows by its pages.
	walk := func(page func(after *sello.Cursor) (ids []string, last *sello.Cursor, more bool, total int)) (rows, total int) {
		var after *sello.Cursor
		for first := true; ; first = false {
			ids, last, more, n := page(after)
			if first {
				total = n
			}
			rows += len(ids)
			if !more {
				return rows, total
			}
			after = last
		}
	}
	for _, live := range []bool{false, true} {
		for _, typ := range append([]string{""}, types...) {
			rows, total := walk(func(after *sello.Cursor) ([]string, *sello.Cursor, bool, int) {
				es, more, n, err := s.FindEvents(ctx, sello.EventFilter{TeamID: team, Livemode: live, Type: typ,
					ListOptions: sello.ListOptions{Limit: 7, After: after}})
				if err != nil {
					t.Fatal(err)
				}
				var last *sello.Cursor
				if len(es) > 0 {
					e := es[len(es)-1]
					last = &sello.Cursor{Key: fmt.Sprint(e.CreatedAt.UnixNano()), ID: e.ID}
				}
				return make([]string, len(es)), last, more, n
			})
			if rows != total || rows == 0 && typ == "" {
				t.Errorf("events (live %v, type %q): total %d, pages hold %d", live, typ, total, rows)
			}
		}
	}
	checked := 0
	for _, w := range hooks {
		for _, status := range []string{"", sello.DeliveryPending, sello.DeliverySucceeded, sello.DeliveryFailed} {
			for _, event := range []string{"", "invoice.canceled", "invoice.cancelled", "customer.created"} {
				rows, total := walk(func(after *sello.Cursor) ([]string, *sello.Cursor, bool, int) {
					ds, more, n, err := s.FindDeliveries(ctx, sello.DeliveryFilter{TeamID: team, Livemode: w.Livemode,
						WebhookID: w.ID, Status: status, Event: event, ListOptions: sello.ListOptions{Limit: 4, After: after}})
					if err != nil {
						t.Fatal(err)
					}
					var last *sello.Cursor
					if len(ds) > 0 {
						d := ds[len(ds)-1]
						last = &sello.Cursor{Key: fmt.Sprint(d.CreatedAt.UnixNano()), ID: d.ID}
					}
					return make([]string, len(ds)), last, more, n
				})
				if rows != total {
					t.Errorf("deliveries of %s (status %q, event %q): total %d, pages hold %d", w.ID, status, event, total, rows)
				}
				checked += rows
			}
		}
	}
	if checked == 0 {
		t.Error("no delivery listed")
	}
}

// testResourceCountsExact: the kept totals of payment, receipt, client and
// service lists equal the rows their pages hold, after status and client
// changes and deletions.
func testResourceCountsExact(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_resource_counts")
	mustCreateTeam(t, s, newTeam(team, "", "RECURSOS", t0))
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }
	pstatuses := []sello.PaymentStatus{sello.PaymentSucceeded, sello.PaymentCanceled, sello.PaymentFailed}
	clients := []string{"client_1", "client_2", ""}
	for i := range 24 {
		p := newPaymentRecord(fmt.Sprintf("payment_rc%02d", i), team, i%6 == 0, pstatuses[i%3], at(i))
		p.ClientID, p.IdempotencyKey = clients[i%3], ""
		if p.ClientID == "" {
			p.Client = nil
		}
		if i%5 == 2 {
			p.Currency = "USD"
		}
		mustCreatePayment(t, s, p)
		if i%4 == 1 {
			p.Status, p.ClientID, p.UpdatedAt = sello.PaymentRefunded, "client_2", at(100+i)
			if i%3 == 0 {
				p.Currency = "EUR"
			}
			if err := s.UpdatePayment(ctx, p, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 15 {
		r := newReceipt(fmt.Sprintf("receipt_rc%02d", i), team, at(i))
		r.Livemode, r.ClientID, r.IdempotencyKey = i%5 == 0, clients[i%3], ""
		if err := s.CreateReceipt(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
		if i%3 == 1 {
			r.Status, r.UpdatedAt = sello.ReceiptCanceled, at(100+i)
			if err := s.UpdateReceipt(ctx, r, at(100+i), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 10 {
		c := newClient(fmt.Sprintf("client_rc%02d", i), team, i%4 == 0, fmt.Sprintf("Cliente %d", i), at(i))
		mustCreateClient(t, s, c)
		if i%3 == 0 {
			if err := s.DeleteClient(ctx, team, c.Livemode, c.ID, at(50+i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 8 {
		p := newProduct(fmt.Sprintf("service_rc%02d", i), team, i%4 == 0, fmt.Sprintf("Servicio %d", i), "10", "", at(i))
		if err := s.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if err := s.DeleteProduct(ctx, team, p.Livemode, p.ID, at(50+i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// pages counts a list's rows page by page, by offset, and returns them
	// with the first page's total.
	pages := func(name string, find func(offset int) (rows int, more bool, total int, err error)) {
		t.Helper()
		rows, total := 0, -1
		for offset := 0; ; offset += 3 {
			n, more, tot, err := find(offset)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if total < 0 {
				total = tot
			}
			if rows += n; !more {
				break
			}
		}
		if rows != total {
			t.Errorf("%s: total %d, pages hold %d", name, total, rows)
		}
	}
	page := sello.ListOptions{Limit: 3}
	for _, live := range []bool{false, true} {
		for _, client := range clients {
			for _, st := range [][]sello.PaymentStatus{nil, {sello.PaymentSucceeded}, {sello.PaymentRefunded, sello.PaymentFailed}} {
				pages(fmt.Sprintf("payments live %v client %q statuses %v", live, client, st), func(o int) (int, bool, int, error) {
					f := sello.PaymentFilter{TeamID: team, Livemode: live, ClientID: client, Statuses: st, ListOptions: page}
					f.Offset = o
					got, more, total, err := s.FindPayments(ctx, f)
					return len(got), more, total, err
				})
			}
			for _, st := range []sello.ReceiptStatus{"", sello.ReceiptPending, sello.ReceiptCanceled} {
				pages(fmt.Sprintf("receipts live %v client %q status %q", live, client, st), func(o int) (int, bool, int, error) {
					f := sello.ReceiptFilter{TeamID: team, Livemode: live, ClientID: client, Status: st, ListOptions: page}
					f.Offset = o
					got, more, total, err := s.FindReceipts(ctx, f)
					return len(got), more, total, err
				})
			}
		}
		for _, currency := range []string{"MXN", "usd", "EUR", "JPY"} {
			pages(fmt.Sprintf("payments live %v currency %s", live, currency), func(o int) (int, bool, int, error) {
				f := sello.PaymentFilter{TeamID: team, Livemode: live, Currency: currency, ListOptions: page}
				f.Offset = o
				got, more, total, err := s.FindPayments(ctx, f)
				return len(got), more, total, err
			})
		}
		pages(fmt.Sprintf("clients live %v", live), func(o int) (int, bool, int, error) {
			f := sello.ClientFilter{TeamID: team, Livemode: live, ListOptions: page}
			f.Offset = o
			got, more, total, err := s.FindClients(ctx, f)
			return len(got), more, total, err
		})
		pages(fmt.Sprintf("services live %v", live), func(o int) (int, bool, int, error) {
			f := sello.ProductFilter{TeamID: team, Livemode: live, ListOptions: page}
			f.Offset = o
			got, more, total, err := s.FindProducts(ctx, f)
			return len(got), more, total, err
		})
	}
}
