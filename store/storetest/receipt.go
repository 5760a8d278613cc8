package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

func newReceipt(id string, team sello.TeamID, at time.Time) *sello.Receipt {
	d := decimal.RequireFromString
	return &sello.Receipt{
		ID: id, TeamID: team, Status: sello.ReceiptPending, ClientID: "client_r",
		Client:   &sello.Client{ID: "client_r", LegalName: "CLIENTE " + id, TaxID: "EKU9003173C9", From: "api"},
		Items:    []sello.InvoiceItem{{Description: "Café", Quantity: d("2"), UnitPrice: d("10.5"), Discount: d("0"), ProductKey: "01010101", UnitKey: "H87", Taxability: "02", Subtotal: d("21"), Total: d("24.36"), Taxes: []sello.ItemTax{{Tax: sello.Tax{Type: "IVA", Rate: d("0.16"), Factor: "Tasa"}, Base: d("21"), Amount: d("3.36")}}}},
		Currency: "MXN", ExchangeRate: d("1"),
		Totals:      sello.Totals{Subtotal: d("21"), Discount: d("0"), Taxes: d("3.36"), Withheld: d("0"), Total: d("24.36")},
		PaymentForm: "03", Periodicity: "month", ValidUntil: at.Add(24 * time.Hour),
		InvoiceConfig: &sello.InvoiceConfig{Serie: "R"}, IdempotencyKey: "idem-" + id,
		Metadata: map[string]any{"pos": "caja 1"}, From: "api", CreatedAt: at, UpdatedAt: at,
	}
}

var receiptOpts = cmp.Options{cmpDecimal, cmpopts.IgnoreFields(sello.Receipt{}, "URL"), cmpopts.EquateEmpty()}

func testReceipts(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_r")
	mustCreateTeam(t, s, newTeam(team, "", "RECIBOS", t0))
	var all []*sello.Receipt
	for i := range 5 {
		r := newReceipt(fmt.Sprintf("receipt_%d", i), team, t0.Add(time.Duration(i)*time.Minute))
		if i == 4 {
			r.Client, r.ClientID = nil, ""
		}
		if err := s.CreateReceipt(ctx, r, nil, newEvent("evt_r"+fmt.Sprint(i), team, false, "receipt.created", t0)); err != nil {
			t.Fatalf("CreateReceipt(%s) = %v", r.ID, err)
		}
		all = append(all, r)
	}
	wantCode(t, "CreateReceipt(duplicate)", s.CreateReceipt(ctx, newReceipt("receipt_0", team, t0), nil), sello.AlreadyExists)
	wantCode(t, "CreateReceipt(no team)", s.CreateReceipt(ctx, newReceipt("receipt_x", "team_none", t0), nil), sello.NotFound)

	got, err := s.FindReceiptByID(ctx, team, false, "receipt_0")
	if err != nil {
		t.Fatalf("FindReceiptByID = %v", err)
	}
	if diff := cmp.Diff(all[0], got, receiptOpts); diff != "" {
		t.Errorf("FindReceiptByID (-want +got):\n%s", diff)
	}
	_, err = s.FindReceiptByID(ctx, team, true, "receipt_0")
	wantCode(t, "FindReceiptByID(other mode)", err, sello.NotFound)

	// Updates: a pending receipt changes; a canceled one no longer does.
	up := *all[1]
	up.Metadata, up.ValidUntil, up.UpdatedAt = map[string]any{"pos": "caja 2"}, t0.Add(-time.Hour), t0.Add(time.Hour)
	if err := s.UpdateReceipt(ctx, &up, t0, nil, newEvent("evt_ru", team, false, "receipt.updated", t0)); err != nil {
		t.Fatalf("UpdateReceipt = %v", err)
	}
	canceled := *all[2]
	canceled.Status, canceled.CanceledAt = sello.ReceiptCanceled, t0.Add(time.Hour)
	if err := s.UpdateReceipt(ctx, &canceled, t0, nil); err != nil {
		t.Fatalf("UpdateReceipt(cancel) = %v", err)
	}
	wantCode(t, "UpdateReceipt(canceled)", s.UpdateReceipt(ctx, &canceled, t0, nil), sello.NotAllowed)
	missing := newReceipt("receipt_missing", team, t0)
	wantCode(t, "UpdateReceipt(missing)", s.UpdateReceipt(ctx, missing, t0, nil), sello.NotFound)
	if got, _ := s.FindReceiptByID(ctx, team, false, canceled.ID); got == nil || !got.CanceledAt.Equal(canceled.CanceledAt) {
		t.Errorf("canceled receipt = %+v", got)
	}

	for _, tc := range []struct {
		name string
		f    sello.ReceiptFilter
		want []string
	}{
		{"all, newest first", sello.ReceiptFilter{ListOptions: sello.ListOptions{Limit: 10, Desc: true}}, []string{"receipt_4", "receipt_3", "receipt_2", "receipt_1", "receipt_0"}},
		{"pending", sello.ReceiptFilter{Status: sello.ReceiptPending, ListOptions: sello.ListOptions{Limit: 10}}, []string{"receipt_0", "receipt_1", "receipt_3", "receipt_4"}},
		{"expired", sello.ReceiptFilter{Status: sello.ReceiptExpired, Now: t0, ListOptions: sello.ListOptions{Limit: 10}}, []string{"receipt_1"}},
		{"canceled", sello.ReceiptFilter{Status: sello.ReceiptCanceled, ListOptions: sello.ListOptions{Limit: 10}}, []string{"receipt_2"}},
		{"client", sello.ReceiptFilter{ClientID: "client_r", ListOptions: sello.ListOptions{Limit: 2}}, []string{"receipt_0", "receipt_1"}},
		{"by name", sello.ReceiptFilter{ListOptions: sello.ListOptions{Limit: 10, OrderBy: "name"}}, []string{"receipt_4", "receipt_0", "receipt_1", "receipt_2", "receipt_3"}},
		{"metadata", sello.ReceiptFilter{Metadata: map[string]string{"pos": "caja 2"}, ListOptions: sello.ListOptions{Limit: 10}}, []string{"receipt_1"}},
		{"metadata and status", sello.ReceiptFilter{Metadata: map[string]string{"pos": "caja 1"}, Status: sello.ReceiptPending, ListOptions: sello.ListOptions{Limit: 10}}, []string{"receipt_0", "receipt_3", "receipt_4"}},
	} {
		tc.f.TeamID = team
		rs, _, total, err := s.FindReceipts(ctx, tc.f)
		if err != nil {
			t.Errorf("FindReceipts(%s) = %v", tc.name, err)
			continue
		}
		var ids []string
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		if diff := cmp.Diff(tc.want, ids); diff != "" {
			t.Errorf("FindReceipts(%s) (-want +got):\n%s", tc.name, diff)
		}
		if tc.name == "client" && total != 4 {
			t.Errorf("FindReceipts(client) total = %d, want 4", total)
		}
	}
}

// receiptInvoice is a stored-shape invoice that takes receipts.
func receiptInvoice(id string, team sello.TeamID, folio int64, at time.Time) *sello.Invoice {
	return &sello.Invoice{ID: id, TeamID: team, Type: "I", Status: sello.InvoiceValid, UUID: fmt.Sprintf("%08X-0000-4000-8000-000000000000", folio),
		Series: "R", Folio: folio, Currency: "MXN", ExchangeRate: decimal.NewFromInt(1), Client: sello.InvoiceClient{LegalName: "PUBLICO EN GENERAL", TaxID: "XAXX010101000"},
		XML: []byte("<cfdi/>"), CreatedAt: at, UpdatedAt: at}
}

func testReceiptClaims(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_rc")
	mustCreateTeam(t, s, newTeam(team, "", "RECLAMOS", t0))
	r := newReceipt("receipt_c", team, t0)
	if err := s.CreateReceipt(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimReceipt(ctx, team, false, r.ID, "invoice_a", t0, t0.Add(time.Minute))
	if err != nil || claimed.Holder != "invoice_a" || !claimed.ClaimedUntil.Equal(t0.Add(time.Minute)) {
		t.Fatalf("ClaimReceipt = %+v, %v", claimed, err)
	}
	_, err = s.ClaimReceipt(ctx, team, false, r.ID, "invoice_b", t0.Add(time.Second), t0.Add(time.Hour))
	wantCode(t, "ClaimReceipt(held)", err, sello.Conflict)
	wantCode(t, "UpdateReceipt(held)", s.UpdateReceipt(ctx, r, t0.Add(time.Second), nil), sello.Conflict)
	_, err = s.ClaimReceipt(ctx, team, false, "receipt_none", "invoice_b", t0, t0.Add(time.Hour))
	wantCode(t, "ClaimReceipt(missing)", err, sello.NotFound)

	// A lapsed lease is taken over; the first holder can no longer complete.
	if _, err := s.ClaimReceipt(ctx, team, false, r.ID, "invoice_b", t0.Add(2*time.Minute), t0.Add(time.Hour)); err != nil {
		t.Fatalf("ClaimReceipt(after the lease) = %v", err)
	}
	done := *r
	done.Status, done.InvoiceRef, done.InvoiceUUID, done.InvoicedAt = sello.ReceiptCompleted, "invoice_a", "UUID", t0
	err = s.CreateInvoice(ctx, receiptInvoice("invoice_a", team, 1, t0), &sello.InvoiceWrites{Receipts: []*sello.Receipt{&done}})
	wantCode(t, "CompleteReceipts(lost claim)", err, sello.Conflict)
	if _, err := s.FindInvoice(ctx, team, false, "invoice_a"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("invoice of a lost claim stored: %v", err)
	}
	// Released, anyone may claim it again at once.
	if err := s.ReleaseReceipts(ctx, team, false, "invoice_b", r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimReceipt(ctx, team, false, r.ID, "invoice_c", t0.Add(3*time.Minute), t0.Add(time.Hour)); err != nil {
		t.Fatalf("ClaimReceipt(released) = %v", err)
	}
	done.InvoiceRef = "invoice_c"
	inv := receiptInvoice("invoice_c", team, 2, t0)
	if err := s.CreateInvoice(ctx, inv, &sello.InvoiceWrites{Receipts: []*sello.Receipt{&done}}, newEvent("evt_rs", team, false, "receipt.stamped", t0)); err != nil {
		t.Fatalf("CompleteReceipts = %v", err)
	}
	got, err := s.FindReceiptByID(ctx, team, false, r.ID)
	if err != nil || got.Status != sello.ReceiptCompleted || got.InvoiceRef != "invoice_c" || !got.ClaimedUntil.IsZero() {
		t.Errorf("completed receipt = %+v, %v", got, err)
	}
	if _, err := s.FindInvoice(ctx, team, false, "invoice_c"); err != nil {
		t.Errorf("FindInvoice(invoice_c) = %v", err)
	}
	_, err = s.ClaimReceipt(ctx, team, false, r.ID, "invoice_d", t0.Add(2*time.Hour), t0.Add(3*time.Hour))
	wantCode(t, "ClaimReceipt(completed)", err, sello.NotAllowed)
}

func testReceiptClaimConcurrent(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_rcc")
	mustCreateTeam(t, s, newTeam(team, "", "CONCURRENTE", t0))
	r := newReceipt("receipt_cc", team, t0)
	if err := s.CreateReceipt(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.ClaimReceipt(ctx, team, false, r.ID, fmt.Sprintf("invoice_%d", i), t0, t0.Add(time.Minute))
			switch sello.ErrorCode(err) {
			case "":
				mu.Lock()
				won++
				mu.Unlock()
			case sello.Conflict:
			default:
				t.Errorf("ClaimReceipt = %v", err)
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Errorf("%d of 20 concurrent claims won, want 1", won)
	}
}

func testGlobalRun(t *testing.T, s sello.Store) {
	ctx := context.Background()
	team := sello.TeamID("team_g")
	mustCreateTeam(t, s, newTeam(team, "", "GLOBAL", t0))
	start, end := t0.Add(-30*24*time.Hour), t0.Add(-time.Second)
	for i := range 3 {
		r := newReceipt(fmt.Sprintf("receipt_g%d", i), team, start)
		r.ValidUntil = start.Add(time.Duration(i+1) * time.Hour)
		if i == 2 {
			r.ValidUntil = t0.Add(time.Hour) // the next period
		}
		if err := s.CreateReceipt(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	if rs, err := s.FindExpiredReceipts(ctx, t0, nil, 10); err != nil || len(rs) != 2 || rs[0].ID != "receipt_g0" {
		t.Errorf("FindExpiredReceipts = %d, %v; want receipt_g0 and g1", len(rs), err)
	} else if next, err := s.FindExpiredReceipts(ctx, t0, rs[0], 10); err != nil || len(next) != 1 || next[0].ID != "receipt_g1" {
		t.Errorf("FindExpiredReceipts(after g0) = %d, %v; want receipt_g1", len(next), err)
	}
	run := &sello.GlobalRun{TeamID: team, Periodicity: "month", Start: start, End: end}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var holders []string
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := *run
			mine.Holder = fmt.Sprintf("invoice_g%d", i)
			got, err := s.ClaimGlobalRun(ctx, &mine, t0, t0.Add(time.Minute))
			switch sello.ErrorCode(err) {
			case "":
				mu.Lock()
				holders = append(holders, got.Holder)
				mu.Unlock()
			case sello.Conflict:
			default:
				t.Errorf("ClaimGlobalRun = %v", err)
			}
		}()
	}
	wg.Wait()
	if len(holders) != 1 {
		t.Fatalf("%d of 10 concurrent run claims won, want 1", len(holders))
	}
	held := *run
	held.Holder = holders[0]
	rs, err := s.ClaimPeriodReceipts(ctx, team, false, start, end, held.Holder, t0, t0.Add(time.Minute))
	if err != nil || len(rs) != 2 {
		t.Fatalf("ClaimPeriodReceipts = %d, %v; want 2", len(rs), err)
	}
	var done []*sello.Receipt
	for _, r := range rs {
		d := *r
		d.Status, d.InvoiceRef = sello.ReceiptCompleted, held.Holder
		done = append(done, &d)
	}
	if err := s.CreateInvoice(ctx, receiptInvoice(held.Holder, team, 9, t0), &sello.InvoiceWrites{Receipts: done, Run: &held}); err != nil {
		t.Fatalf("CompleteReceipts(run) = %v", err)
	}
	again := *run
	again.Holder = "invoice_late"
	got, err := s.ClaimGlobalRun(ctx, &again, t0.Add(time.Hour), t0.Add(2*time.Hour))
	if err != nil || !got.Done || got.InvoiceID != held.Holder {
		t.Errorf("ClaimGlobalRun(done) = %+v, %v; want done with %s", got, err, held.Holder)
	}

	// A period without receipts is finished without an invoice.
	empty := &sello.GlobalRun{TeamID: team, Periodicity: "month", Start: start.Add(-30 * 24 * time.Hour), End: start.Add(-time.Second), Holder: "invoice_e"}
	if _, err := s.ClaimGlobalRun(ctx, empty, t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	stale := *empty
	stale.Holder = "invoice_stale"
	wantCode(t, "FinishGlobalRun(not held)", s.FinishGlobalRun(ctx, &stale), sello.Conflict)
	if err := s.FinishGlobalRun(ctx, empty); err != nil {
		t.Fatalf("FinishGlobalRun = %v", err)
	}
	if got, err := s.ClaimGlobalRun(ctx, empty, t0, t0.Add(time.Minute)); err != nil || !got.Done || got.InvoiceID != "" {
		t.Errorf("ClaimGlobalRun(finished) = %+v, %v", got, err)
	}
}
