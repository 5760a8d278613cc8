package storetest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sello-mx/sello"
)

func testFindInvoices(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team, other := sello.TeamID("team_fi"), sello.TeamID("team_fi2")
	mustCreateTeam(t, s, newTeam(team, "", "LISTAS", t0))
	mustCreateTeam(t, s, newTeam(other, "", "OTRO", t0))
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }

	i0 := newInvoice("invoice_i0", team, false, sello.InvoiceValid, "FX", 12, at(0))
	i1 := newInvoice("invoice_i1", team, false, sello.InvoiceValid, "A", 13, at(1))
	i1.Client = sello.InvoiceClient{ID: "client_2", Name: "Tienda Ñu", LegalName: "ÁRBOLES Y CÍA", TaxID: "ARB010101AA1",
		Email: "Compras@Arboles.mx", Zip: "01000"}
	i1.ClientID = "client_2"
	i1.PaymentMethod, i1.Metadata = "PUE", map[string]any{"order": "A-7", "n": json.Number("7")}
	e2 := newInvoice("invoice_e2", team, false, sello.InvoiceCanceled, "NC", 1, at(2))
	e2.Type = "E"
	p3 := newPayment("invoice_p3", team, "P", 1, at(3), i0.UUID, i1.UUID)
	p4 := newPayment("invoice_p4", team, "P", 2, at(4), i1.UUID, i1.UUID) // one invoice paid twice
	d5 := newInvoice("invoice_d5", team, false, sello.InvoiceDraft, "", 0, at(5))
	g6 := newInvoice("invoice_g6", team, false, sello.InvoicePending, "A", 14, at(6))
	for _, inv := range []*sello.Invoice{i0, i1, e2, p3, p4, d5, g6,
		newInvoice("invoice_live", team, true, sello.InvoiceValid, "A", 12, at(0)),
		newInvoice("invoice_other", other, false, sello.InvoiceValid, "A", 12, at(0)),
	} {
		mustCreateInvoice(t, s, inv)
	}
	ids := func(invs []*sello.Invoice) []string {
		var out []string
		for _, inv := range invs {
			out = append(out, inv.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    sello.InvoiceFilter
		want []string
	}{
		{"every status but draft", sello.InvoiceFilter{}, []string{"invoice_i0", "invoice_i1", "invoice_e2", "invoice_p3", "invoice_p4", "invoice_g6"}},
		{"drafts", sello.InvoiceFilter{Statuses: []sello.InvoiceStatus{sello.InvoiceDraft}}, []string{"invoice_d5"}},
		{"valid or pending", sello.InvoiceFilter{Statuses: []sello.InvoiceStatus{sello.InvoiceValid, sello.InvoicePending}},
			[]string{"invoice_i0", "invoice_i1", "invoice_p3", "invoice_p4", "invoice_g6"}},
		{"types I and E", sello.InvoiceFilter{Types: []string{"I", "E"}}, []string{"invoice_i0", "invoice_i1", "invoice_e2", "invoice_g6"}},
		{"type E canceled", sello.InvoiceFilter{Types: []string{"E"}, Statuses: []sello.InvoiceStatus{sello.InvoiceCanceled}}, []string{"invoice_e2"}},
		{"client", sello.InvoiceFilter{ClientID: "client_2"}, []string{"invoice_i1"}},
		{"series", sello.InvoiceFilter{Series: "FX"}, []string{"invoice_i0"}},
		{"payment method", sello.InvoiceFilter{PaymentMethod: "PUE"}, []string{"invoice_i1"}},
		{"metadata", sello.InvoiceFilter{Metadata: map[string]string{"order": "A-7", "n": "7"}}, []string{"invoice_i1"}},
		{"metadata, no match", sello.InvoiceFilter{Metadata: map[string]string{"order": "A-8"}}, nil},
		{"pays i0", sello.InvoiceFilter{PaysInvoice: i0.UUID}, []string{"invoice_p3"}},
		{"pays i1, any case", sello.InvoiceFilter{PaysInvoice: strings.ToLower(i1.UUID)}, []string{"invoice_p3", "invoice_p4"}},
		{"pays unknown", sello.InvoiceFilter{PaysInvoice: uuidOf("nobody")}, nil},
		{"q uuid", sello.InvoiceFilter{Query: strings.ToLower(i1.UUID[:13])}, []string{"invoice_i1"}},
		{"q id", sello.InvoiceFilter{Query: "invoice_e2"}, []string{"invoice_e2"}},
		{"q series and folio", sello.InvoiceFilter{Query: "FX12"}, []string{"invoice_i0"}},
		{"q series and folio, folded", sello.InvoiceFilter{Query: "nc1"}, []string{"invoice_e2"}},
		{"q legal name, accents", sello.InvoiceFilter{Query: "ARBOLES Y CIA"}, []string{"invoice_i1"}},
		{"q name", sello.InvoiceFilter{Query: "tienda ñu"}, []string{"invoice_i1"}},
		{"q tax id", sello.InvoiceFilter{Query: "arb0101"}, []string{"invoice_i1"}},
		{"q email", sello.InvoiceFilter{Query: "compras@arboles"}, []string{"invoice_i1"}},
		{"q drafts stay out", sello.InvoiceFilter{Query: "invoice_d5"}, nil},
		{"q wildcard is literal", sello.InvoiceFilter{Query: "%"}, nil},
		{"q with type", sello.InvoiceFilter{Query: "pena nunez", Types: []string{"P"}}, []string{"invoice_p3", "invoice_p4"}},
		{"desc", sello.InvoiceFilter{Types: []string{"I"}, ListOptions: sello.ListOptions{Desc: true}}, []string{"invoice_g6", "invoice_i1", "invoice_i0"}},
		{"by client legal name", sello.InvoiceFilter{Types: []string{"I"}, ListOptions: sello.ListOptions{OrderBy: "name"}},
			[]string{"invoice_g6", "invoice_i0", "invoice_i1"}}, // ties by id
		{"created range", sello.InvoiceFilter{ListOptions: sello.ListOptions{CreatedGTE: at(2), CreatedLTE: at(3)}}, []string{"invoice_e2", "invoice_p3"}},
	}
	for _, tt := range tests {
		tt.f.TeamID = team
		got, more, total, err := s.FindInvoices(ctx, tt.f)
		if err != nil {
			t.Errorf("FindInvoices(%s) = %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, ids(got), cmpopts.EquateEmpty()); diff != "" || total != len(tt.want) || more {
			t.Errorf("FindInvoices(%s): total %d, more %v (-want +got):\n%s", tt.name, total, more, diff)
		}
	}
	live, _, _, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, Livemode: true})
	if err != nil || cmp.Diff([]string{"invoice_live"}, ids(live)) != "" {
		t.Errorf("FindInvoices(live) = %v, %v; want invoice_live only", ids(live), err)
	}
	// Lists return whole invoices.
	got, _, _, _ := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, ClientID: "client_2"})
	if len(got) == 1 {
		if diff := cmp.Diff(i1, got[0], cmpDecimal); diff != "" {
			t.Errorf("listed invoice (-want +got):\n%s", diff)
		}
	}
	testFindInvoicesPaging(t, s, team)
}

func testFindInvoicesPaging(t *testing.T, s sello.Store, team sello.TeamID) {
	var all []string
	f := sello.InvoiceFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 4}}
	for page := 0; page < 5; page++ {
		got, more, total, err := s.FindInvoices(t.Context(), f)
		if err != nil || total != 6 {
			t.Fatalf("FindInvoices(page %d) = total %d, %v; want total 6", page, total, err)
		}
		for _, inv := range got {
			all = append(all, inv.ID)
		}
		if !more {
			break
		}
		last := got[len(got)-1]
		f.After = &sello.Cursor{Key: fmt.Sprint(last.CreatedAt.UnixNano()), ID: last.ID}
	}
	want := []string{"invoice_i0", "invoice_i1", "invoice_e2", "invoice_p3", "invoice_p4", "invoice_g6"}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("FindInvoices pages of 4 (-want +got):\n%s", diff)
	}
	got, more, _, err := s.FindInvoices(t.Context(), sello.InvoiceFilter{TeamID: team, ListOptions: sello.ListOptions{Limit: 2, Offset: 3}})
	if err != nil || !more || len(got) != 2 || got[0].ID != "invoice_p3" || got[1].ID != "invoice_p4" {
		t.Errorf("FindInvoices(limit 2, offset 3) = %d invoices, more %v, %v; want invoice_p3, invoice_p4 and more", len(got), more, err)
	}
}

// testInvoiceCountsAndMetadata: the totals that lists read from kept counts
// follow every change of status and every deletion, and the metadata index
// follows every change of metadata; a metadata list pages by cursor.
func testInvoiceCountsAndMetadata(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_counts")
	mustCreateTeam(t, s, newTeam(team, "", "CUENTAS", t0))
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }
	var invs []*sello.Invoice
	for i := range 7 {
		inv := newInvoice(fmt.Sprintf("invoice_c%d", i), team, false, sello.InvoiceValid, "A", int64(i+1), at(i))
		inv.Metadata = map[string]any{"channel": []string{"web", "app"}[i%2], "vip": i == 3, "n": json.Number(fmt.Sprint(i))}
		invs = append(invs, inv)
	}
	draft := newInvoice("invoice_cd", team, false, sello.InvoiceDraft, "", 0, at(9))
	for _, inv := range append(invs, draft) {
		mustCreateInvoice(t, s, inv)
	}
	total := func(f sello.InvoiceFilter) int {
		t.Helper()
		f.TeamID = team
		_, _, n, err := s.FindInvoices(ctx, f)
		if err != nil {
			t.Fatalf("FindInvoices(%+v) = %v", f, err)
		}
		return n
	}
	canceled := sello.InvoiceFilter{Statuses: []sello.InvoiceStatus{sello.InvoiceCanceled}}
	if got := total(sello.InvoiceFilter{}); got != 7 {
		t.Errorf("total = %d, want 7", got)
	}
	invs[2].Status = sello.InvoiceCanceled
	invs[2].Metadata = map[string]any{"channel": "phone"}
	if err := s.UpdateInvoice(ctx, invs[2], sello.InvoiceValid); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDraft(ctx, team, false, draft.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    sello.InvoiceFilter
		want int
	}{
		{"all", sello.InvoiceFilter{}, 7},
		{"canceled", canceled, 1},
		{"valid", sello.InvoiceFilter{Statuses: []sello.InvoiceStatus{sello.InvoiceValid}}, 6},
		{"drafts", sello.InvoiceFilter{Statuses: []sello.InvoiceStatus{sello.InvoiceDraft}}, 0},
		{"type I", sello.InvoiceFilter{Types: []string{"I"}}, 7},
		{"web", sello.InvoiceFilter{Metadata: map[string]string{"channel": "web"}}, 3},
		{"phone", sello.InvoiceFilter{Metadata: map[string]string{"channel": "phone"}}, 1},
		{"vip true", sello.InvoiceFilter{Metadata: map[string]string{"vip": "true"}}, 1},
		{"number", sello.InvoiceFilter{Metadata: map[string]string{"n": "4"}}, 1},
		{"web and number", sello.InvoiceFilter{Metadata: map[string]string{"channel": "web", "n": "4"}}, 1},
		{"app canceled", sello.InvoiceFilter{Metadata: map[string]string{"channel": "app"}, Statuses: []sello.InvoiceStatus{sello.InvoiceCanceled}}, 0},
	} {
		if got := total(c.f); got != c.want {
			t.Errorf("total(%s) = %d, want %d", c.name, got, c.want)
		}
	}
	// Pages of two of the web invoices, newest first, by cursor.
	var got []string
	f := sello.InvoiceFilter{TeamID: team, Metadata: map[string]string{"channel": "web"}, ListOptions: sello.ListOptions{Limit: 2, Desc: true}}
	for {
		page, more, _, err := s.FindInvoices(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, inv := range page {
			got = append(got, inv.ID)
		}
		if !more {
			break
		}
		last := page[len(page)-1]
		f.After = &sello.Cursor{Key: fmt.Sprint(last.CreatedAt.UnixNano()), ID: last.ID}
	}
	if diff := cmp.Diff([]string{"invoice_c6", "invoice_c4", "invoice_c0"}, got); diff != "" {
		t.Errorf("web invoices by cursor (-want +got):\n%s", diff)
	}
}
