package storetest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sello-mx/sello"
)

// testMetadataPairsExact: the metadata filters of the payment, receipt,
// client and service lists (one pair and two) give exactly the rows whose
// metadata holds them, newest first page by page, with their totals, after
// metadata changes, status changes and deletions.
func testMetadataPairsExact(t *testing.T, s sello.Store) {
	ctx := t.Context()
	team := sello.TeamID("team_pairs")
	mustCreateTeam(t, s, newTeam(team, "", "PARES", t0))
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }
	// A value longer than an index entry may be (a token, an encoded
	// document) is found too.
	long := randomBase64(rand.New(rand.NewPCG(17, 0)), 3000)
	meta := func(i int) map[string]any {
		m := map[string]any{"canal": []string{"web", "app", "tienda"}[i%3], "vip": i%4 == 0, "n": json.Number(strconv.Itoa(i % 5)),
			"obj": map[string]any{"canal": "web"}, "año": "2026", "precio": json.Number([]string{"1.50", "2"}[i%2])}
		if i%7 == 0 {
			delete(m, "canal")
		}
		if i%3 == 0 {
			m["token"] = long
		}
		return m
	}
	// What each list should hold: id → metadata (nil: not listed).
	want := map[string]map[string]map[string]any{"payments": {}, "receipts": {}, "clients": {}, "services": {}}
	created := map[string]time.Time{}
	for i := range 21 {
		p := newPaymentRecord(fmt.Sprintf("payment_mp%02d", i), team, false, sello.PaymentSucceeded, at(i))
		p.IdempotencyKey, p.Metadata = "", meta(i)
		mustCreatePayment(t, s, p)
		if i%3 == 1 {
			p.Status, p.Metadata, p.UpdatedAt = sello.PaymentRefunded, meta(i+1), at(100+i)
			if err := s.UpdatePayment(ctx, p, nil); err != nil {
				t.Fatal(err)
			}
		}
		want["payments"][p.ID], created[p.ID] = p.Metadata, p.CreatedAt

		r := newReceipt(fmt.Sprintf("receipt_mp%02d", i), team, at(i))
		r.IdempotencyKey, r.Metadata = "", meta(i)
		if err := s.CreateReceipt(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
		if i%4 == 1 {
			r.Status, r.Metadata, r.UpdatedAt = sello.ReceiptCanceled, nil, at(100+i)
			if err := s.UpdateReceipt(ctx, r, at(100+i), nil); err != nil {
				t.Fatal(err)
			}
		}
		want["receipts"][r.ID], created[r.ID] = r.Metadata, r.CreatedAt

		c := newClient(fmt.Sprintf("client_mp%02d", i), team, false, fmt.Sprintf("Cliente %d", i), at(i))
		c.Metadata = meta(i)
		mustCreateClient(t, s, c)
		switch i % 5 {
		case 1:
			c.Metadata, c.UpdatedAt = meta(i+2), at(100+i)
			if err := s.UpdateClient(ctx, c); err != nil {
				t.Fatal(err)
			}
		case 2:
			if err := s.DeleteClient(ctx, team, false, c.ID, at(100+i)); err != nil {
				t.Fatal(err)
			}
			c.Metadata = nil
		}
		want["clients"][c.ID], created[c.ID] = c.Metadata, c.CreatedAt

		sv := newProduct(fmt.Sprintf("service_mp%02d", i), team, false, fmt.Sprintf("Servicio %d", i), "10", "", at(i))
		sv.Metadata = meta(i)
		if err := s.CreateProduct(ctx, sv); err != nil {
			t.Fatal(err)
		}
		switch i % 5 {
		case 3:
			sv.Metadata, sv.UpdatedAt = meta(i+1), at(100+i)
			if err := s.UpdateProduct(ctx, sv); err != nil {
				t.Fatal(err)
			}
		case 4:
			if err := s.DeleteProduct(ctx, team, false, sv.ID, at(100+i)); err != nil {
				t.Fatal(err)
			}
			sv.Metadata = nil
		}
		want["services"][sv.ID], created[sv.ID] = sv.Metadata, sv.CreatedAt
	}
	text := func(v any) (string, bool) {
		switch x := v.(type) {
		case string:
			return x, true
		case bool:
			return strconv.FormatBool(x), true
		case json.Number:
			return x.String(), true
		}
		return "", false
	}
	filters := []map[string]string{
		{"canal": "web"}, {"canal": "app"}, {"canal": "nada"}, {"vip": "true"}, {"vip": "false"}, {"n": "3"},
		{"año": "2026"}, {"obj": `{"canal":"web"}`}, {"canal": "tienda", "vip": "true"}, {"canal": "web", "n": "1"},
		{"precio": "1.50"}, {"precio": "1.5"}, {"token": long}, {"token": long, "canal": "app"}, {"token": long[:600]},
	}
	find := func(list string, f map[string]string, after *sello.Cursor) ([]string, []time.Time, bool, int, error) {
		o := sello.ListOptions{Limit: 4, Desc: true, After: after}
		var ids []string
		var times []time.Time
		var more bool
		var total int
		var err error
		switch list {
		case "payments":
			var got []*sello.Payment
			got, more, total, err = s.FindPayments(ctx, sello.PaymentFilter{TeamID: team, Metadata: f, ListOptions: o})
			for _, x := range got {
				ids, times = append(ids, x.ID), append(times, x.CreatedAt)
			}
		case "receipts":
			var got []*sello.Receipt
			got, more, total, err = s.FindReceipts(ctx, sello.ReceiptFilter{TeamID: team, Metadata: f, ListOptions: o})
			for _, x := range got {
				ids, times = append(ids, x.ID), append(times, x.CreatedAt)
			}
		case "clients":
			var got []*sello.Client
			got, more, total, err = s.FindClients(ctx, sello.ClientFilter{TeamID: team, Metadata: f, ListOptions: o})
			for _, x := range got {
				ids, times = append(ids, x.ID), append(times, x.CreatedAt)
			}
		case "services":
			var got []*sello.Product
			got, more, total, err = s.FindProducts(ctx, sello.ProductFilter{TeamID: team, Metadata: f, ListOptions: o})
			for _, x := range got {
				ids, times = append(ids, x.ID), append(times, x.CreatedAt)
			}
		}
		return ids, times, more, total, err
	}
	// Invoices index their pairs from the store's code: a long value too.
	for i := range 3 {
		inv := newInvoice(fmt.Sprintf("invoice_mp%d", i), team, false, sello.InvoiceValid, "M", int64(i+1), at(i))
		inv.Metadata = map[string]any{"token": []string{long, "short", long}[i]}
		mustCreateInvoice(t, s, inv)
	}
	for value, want := range map[string]int{long: 2, "short": 1, long[:600]: 0} {
		got, _, total, err := s.FindInvoices(ctx, sello.InvoiceFilter{TeamID: team, Metadata: map[string]string{"token": value}})
		if err != nil || total != want || len(got) != want {
			t.Errorf("invoices with a token of %d bytes: %d, total %d, %v; want %d", len(value), len(got), total, err, want)
		}
	}
	for list, rows := range want {
		for _, f := range filters {
			var expect []string
			for id, m := range rows {
				holds := m != nil
				for k, v := range f {
					got, ok := text(m[k])
					holds = holds && ok && got == v
				}
				if holds {
					expect = append(expect, id)
				}
			}
			slices.SortFunc(expect, func(a, b string) int { return created[b].Compare(created[a]) })
			var walked []string
			var after *sello.Cursor
			for range 10 {
				ids, times, more, total, err := find(list, f, after)
				if err != nil || total != len(expect) {
					t.Fatalf("%s with %v: total %d, %v; want %d", list, f, total, err, len(expect))
				}
				walked = append(walked, ids...)
				if !more {
					break
				}
				after = &sello.Cursor{Key: strconv.FormatInt(times[len(times)-1].UnixNano(), 10), ID: ids[len(ids)-1]}
			}
			if !slices.Equal(walked, expect) {
				t.Errorf("%s with %v: pages %v, want %v", list, f, walked, expect)
			}
		}
	}
}
