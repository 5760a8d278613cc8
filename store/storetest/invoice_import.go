package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// testImportInvoices: a batch larger than one statement's rows stores each
// invoice with its side rows (metadata pairs, the UUIDs a complement pays,
// the stamp job of a pending one, certificates), ends the reservations of
// their folios, and sends no e-mail; a duplicate or an unknown team stores
// nothing of the batch.
func testImportInvoices(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_import")
	mustCreateTeam(t, s, newTeam(team, "", "IMPORTACIÓN", t0))
	reserved, err := s.ReserveFolio(ctx, team, false, "IM", "series_im", "process_x", t0, t0.Add(time.Hour))
	if err != nil || reserved != 1 {
		t.Fatalf("ReserveFolio = %d, %v", reserved, err)
	}
	const n = 150
	var invs []*sello.Invoice
	for i := range n {
		status := sello.InvoiceValid
		if i%50 == 10 {
			status = sello.InvoicePending
		}
		inv := newInvoice(fmt.Sprintf("invoice_im%03d", i), team, false, status, "IM", int64(i+1), t0.Add(time.Duration(i)*time.Minute))
		inv.Metadata = map[string]any{"order": fmt.Sprintf("o-%03d", i), "channel": []string{"web", "app"}[i%2]}
		if i%40 == 5 {
			inv.Type = "P"
			inv.PaymentDetails = &sello.PaymentDetails{Documents: []sello.PaidInvoiceLine{{UUID: uuidOf("invoice_im000")}}}
		}
		invs = append(invs, inv)
	}
	if err := s.ImportInvoices(ctx, invs); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 63, 64, 65, 128, 149} {
		got, err := s.FindInvoice(ctx, team, false, invs[i].ID)
		if err != nil || string(got.XML) != string(sealedXML) || got.Metadata["order"] != fmt.Sprintf("o-%03d", i) {
			t.Fatalf("FindInvoice(%s) after the import = %+v, %v", invs[i].ID, got, err)
		}
	}
	list := func(f sello.InvoiceFilter) ([]string, int) {
		t.Helper()
		f.TeamID, f.Limit = team, 200
		got, _, total, err := s.FindInvoices(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, inv := range got {
			ids = append(ids, inv.ID)
		}
		slices.Sort(ids)
		return ids, total
	}
	if ids, total := list(sello.InvoiceFilter{Metadata: map[string]string{"order": "o-077"}}); total != 1 || !slices.Equal(ids, []string{"invoice_im077"}) {
		t.Errorf("metadata order=o-077: %v (total %d)", ids, total)
	}
	if ids, total := list(sello.InvoiceFilter{Metadata: map[string]string{"channel": "app"}}); total != n/2 || len(ids) != n/2 {
		t.Errorf("metadata channel=app: %d listed, total %d; want %d", len(ids), total, n/2)
	}
	if ids, _ := list(sello.InvoiceFilter{PaysInvoice: uuidOf("invoice_im000")}); !slices.Equal(ids, []string{"invoice_im005", "invoice_im045", "invoice_im085", "invoice_im125"}) {
		t.Errorf("complements paying invoice_im000: %v", ids)
	}
	if _, total := list(sello.InvoiceFilter{}); total != n {
		t.Errorf("total after the import = %d, want %d", total, n)
	}
	for i, inv := range invs {
		stamp, _ := findJobs(ctx, s, team, inv.ID, sello.JobInvoice)
		mail, _ := findJobs(ctx, s, team, inv.ID, sello.JobEmail)
		if want := inv.Status == sello.InvoicePending; (len(stamp) == 1) != want || len(mail) != 0 {
			t.Errorf("jobs of imported invoice %d (%s): stamp %v, e-mail %v", i, inv.Status, stamp, mail)
		}
	}
	// The import ended folio 1's reservation: its owner's release leaves it
	// alone, and the series goes on after the imported folios' counter.
	if err := s.ReleaseFolio(ctx, sello.FolioClaim{TeamID: team, Series: "IM", Folio: 1, Owner: "process_x"}); err != nil {
		t.Fatal(err)
	}
	if next, err := s.ReserveFolio(ctx, team, false, "IM", "series_im", "process_x", t0, t0.Add(time.Hour)); err != nil || next == 1 {
		t.Errorf("ReserveFolio after the import = %d, %v; want folio 1 held by its imported invoice", next, err)
	}

	// A duplicate in a later statement of the batch stores none of it.
	var again []*sello.Invoice
	for i := range 600 {
		again = append(again, newInvoice(fmt.Sprintf("invoice_im2%03d", i), team, false, sello.InvoiceValid, "IN", int64(i+1), t0))
	}
	again[599].ID = invs[3].ID
	wantCode(t, "ImportInvoices(a duplicate id)", s.ImportInvoices(ctx, again), sello.AlreadyExists)
	if _, err := s.FindInvoice(ctx, team, false, "invoice_im2000"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("an invoice of the refused batch = %v, want NotFound", err)
	}
	orphan := newInvoice("invoice_im_orphan", "team_nobody", false, sello.InvoiceValid, "IM", 1, t0)
	wantCode(t, "ImportInvoices(an unknown team)", s.ImportInvoices(ctx, []*sello.Invoice{again[0], orphan}), sello.NotFound)
	if _, total := list(sello.InvoiceFilter{}); total != n {
		t.Errorf("total after the refused imports = %d, want %d", total, n)
	}
}
