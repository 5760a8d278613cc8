package storetest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// InvoiceSearchExact checks invoice search (q) against the texts it
// searches, after analyze has had the engine learn what the stored texts
// hold (PostgreSQL reads only the rarest trigrams of q once it knows which
// they are). The invoices share long runs of text, as a team's do: the
// same words in every client's name, numbered clients, one client with
// many invoices. Every query's total and first page must be the invoices
// whose folded text holds q, newest first.
func InvoiceSearchExact(t *testing.T, s sello.Store, analyze func()) {
	ctx := t.Context()
	team := sello.TeamID("team_search")
	mustCreateTeam(t, s, newTeam(team, "", "BÚSQUEDA", t0))
	var all []*sello.Invoice
	for i := range 600 {
		inv := newInvoice(fmt.Sprintf("invoice_search%04d", i), team, false, sello.InvoiceValid, "AB"[i%2:i%2+1],
			int64(i+1), t0.Add(time.Duration(i)*time.Minute))
		client := i % 97
		if i%5 == 0 {
			client = 0
		}
		inv.Client.LegalName = fmt.Sprintf("CLIENTE %04d COMERCIAL SA DE CV", client)
		inv.Client.Name = []string{"Peña", "Núñez & Hijos", "Zapatería 100%", "x_y"}[i%4]
		inv.Client.TaxID = fmt.Sprintf("CCO%06d%s", 100000+client, "AB1")
		inv.ClientID = fmt.Sprintf("client_%04d", client)
		if i%50 == 7 {
			inv.Status = sello.InvoiceCanceled
		}
		all = append(all, inv)
	}
	if err := s.ImportInvoices(ctx, all); err != nil {
		t.Fatal(err)
	}
	analyze()
	queries := []string{
		"cliente", "cliente 0000 comercial sa de cv", "CLIENTE 0042 COMERCIAL", "0042", "042", "cliente 004",
		"comercial sa", "sa de cv", "de cv", "cv", "peña", "NÚÑEZ & hijos", "100%", "x_y", "ería 1",
		uuidOf("invoice_search0123")[:8], uuidOf("invoice_search0321")[9:23], "invoice_search05", "search0599",
		"ab1", "cco100042", "b12", "a599", "zzz9", "0000 comercial", "ente 00", "jose@example", "@example.com",
		"e 0001 c", "cliente 0096 comercial sa de cv ", "o 0",
	}
	for _, q := range queries {
		folded := sello.Fold(q)
		var want []string
		for i := len(all) - 1; i >= 0; i-- {
			if strings.Contains(all[i].SearchText(), folded) {
				want = append(want, all[i].ID)
			}
		}
		got, _, total, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, Query: q, ListOptions: sello.ListOptions{Limit: 20, Desc: true}})
		if err != nil {
			t.Errorf("FindInvoices(q=%q) = %v", q, err)
			continue
		}
		var ids []string
		for _, inv := range got {
			ids = append(ids, inv.ID)
		}
		if total != len(want) || !slices.Equal(ids, want[:min(20, len(want))]) {
			t.Errorf("FindInvoices(q=%q) = total %d, page %v; want total %d, page %v", q, total, ids, len(want), want[:min(20, len(want))])
		}
	}
	// Every page by cursor, both ways, and by offset.
	for _, q := range []string{"cliente 0000 comercial sa de cv", "0042", "comercial", "b1"} {
		folded := sello.Fold(q)
		var want []*sello.Invoice
		for _, inv := range all {
			if strings.Contains(inv.SearchText(), folded) {
				want = append(want, inv)
			}
		}
		for _, desc := range []bool{false, true} {
			ordered := slices.Clone(want)
			if desc {
				slices.Reverse(ordered)
			}
			var walked []string
			var after *sello.Cursor
			for range len(want)/7 + 2 {
				page, more, total, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, Query: q,
					ListOptions: sello.ListOptions{Limit: 7, Desc: desc, After: after}})
				if err != nil || total != len(want) {
					t.Fatalf("FindInvoices(q=%q, desc %v, after %v) = total %d, %v; want %d", q, desc, after, total, err, len(want))
				}
				for _, inv := range page {
					walked = append(walked, inv.ID)
				}
				if !more {
					break
				}
				last := page[len(page)-1]
				after = &sello.Cursor{Key: strconv.FormatInt(last.CreatedAt.UnixNano(), 10), ID: last.ID}
			}
			var wantIDs []string
			for _, inv := range ordered {
				wantIDs = append(wantIDs, inv.ID)
			}
			if !slices.Equal(walked, wantIDs) {
				t.Errorf("pages of q=%q (desc %v) = %v, want %v", q, desc, walked, wantIDs)
			}
			page, _, _, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, Query: q,
				ListOptions: sello.ListOptions{Limit: 5, Offset: 3, Desc: desc}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, inv := range page {
				got = append(got, inv.ID)
			}
			if w := wantIDs[min(3, len(wantIDs)):min(8, len(wantIDs))]; !slices.Equal(got, w) {
				t.Errorf("q=%q offset 3 (desc %v) = %v, want %v", q, desc, got, w)
			}
		}
	}
}
