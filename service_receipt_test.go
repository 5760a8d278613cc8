package sello_test

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

func TestReceiptLifecycle(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()

	r, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("100")}, Periodicity: "week"})
	if err != nil {
		t.Fatalf("CreateReceipt: %v", err)
	}
	if r.Status != sello.ReceiptPending || r.Total.String() != "116" || r.Client != nil || r.PaymentForm != "03" {
		t.Errorf("receipt = status %s total %s client %v form %s", r.Status, r.Total, r.Client, r.PaymentForm)
	}
	// The fixture's clock is Friday 2026-11-20 12:04 in Mexico City.
	if want := time.Date(2026, 11, 23, 5, 59, 59, 0, time.UTC); !r.ValidUntil.Equal(want) {
		t.Errorf("ValidUntil = %s, want %s", r.ValidUntil, want)
	}
	got, team, err := f.svc.OpenReceiptLink(ctx, r.ID, tokenOf(t, r.URL))
	if err != nil || got.ID != r.ID || team.ID != f.team.ID {
		t.Fatalf("OpenReceiptLink = %v, %v", got, err)
	}
	if _, _, err := f.svc.OpenReceiptLink(ctx, "receipt_other", tokenOf(t, r.URL)); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("OpenReceiptLink(other id) = %v, want not found", err)
	}

	cur := "USD"
	rate := decimal.NewNullDecimal(decimal.RequireFromString("20"))
	up, err := f.svc.UpdateReceipt(ctx, f.team, false, r.ID, &sello.ReceiptUpdate{Currency: &cur, ExchangeRate: &rate, Client: ptr(client())})
	if err != nil {
		t.Fatalf("UpdateReceipt: %v", err)
	}
	if up.Currency != "USD" || !up.ExchangeRate.Equal(decimal.NewFromInt(20)) || up.Client == nil || up.Client.TaxID != "URE180429TM6" {
		t.Errorf("updated = %s %s client %+v", up.Currency, up.ExchangeRate, up.Client)
	}

	done, inv, err := f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{})
	if err != nil {
		t.Fatalf("StampReceipt: %v", err)
	}
	f.check(t, inv)
	if done.Status != sello.ReceiptCompleted || done.InvoiceUUID != inv.UUID || inv.ReceiptID != r.ID || inv.Client.TaxID != "URE180429TM6" || inv.Currency != "USD" {
		t.Errorf("stamped receipt %s uuid %s; invoice receipt %s client %s currency %s", done.Status, done.InvoiceUUID, inv.ReceiptID, inv.Client.TaxID, inv.Currency)
	}
	if _, _, err := f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{}); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("second StampReceipt = %v, want not_allowed", err)
	}
	if _, err := f.svc.CancelReceipt(ctx, f.team, false, r.ID); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("CancelReceipt(completed) = %v, want not_allowed", err)
	}

	other, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("50")}})
	if err != nil {
		t.Fatal(err)
	}
	canceled, err := f.svc.CancelReceipt(ctx, f.team, false, other.ID)
	if err != nil || canceled.Status != sello.ReceiptCanceled || canceled.CanceledAt.IsZero() {
		t.Fatalf("CancelReceipt = %+v, %v", canceled, err)
	}
	if _, err := f.svc.UpdateReceipt(ctx, f.team, false, other.ID, &sello.ReceiptUpdate{Metadata: map[string]any{"a": "b"}}); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("UpdateReceipt(canceled) = %v, want not_allowed", err)
	}

	expiring, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("10")}, Periodicity: "day"})
	if err != nil {
		t.Fatal(err)
	}
	f.clk.add(24 * time.Hour)
	if _, _, err := f.svc.OpenReceiptLink(ctx, expiring.ID, tokenOf(t, expiring.URL)); !errorsIsExpired(err) {
		t.Errorf("OpenReceiptLink(expired) = %v, want expired", err)
	}
	for _, tc := range []struct {
		status sello.ReceiptStatus
		want   int
	}{{"", 3}, {sello.ReceiptPending, 1}, {sello.ReceiptExpired, 1}, {sello.ReceiptCompleted, 1}, {sello.ReceiptCanceled, 1}} {
		_, _, total, err := f.svc.FindReceipts(ctx, sello.ReceiptFilter{TeamID: f.team.ID, Status: tc.status, ListOptions: sello.ListOptions{Limit: 10}})
		if err != nil || total != tc.want {
			t.Errorf("FindReceipts(status %q) = %d, %v; want %d", tc.status, total, err, tc.want)
		}
	}
}

func TestReceiptRefusals(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	past := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		req    sello.ReceiptRequest
		fields []string
	}{
		{"no items", sello.ReceiptRequest{}, []string{"items"}},
		{"bad enums", sello.ReceiptRequest{Items: []sello.ItemRequest{item("1")}, Periodicity: "year", PaymentForm: "99", Currency: "ZZZ"},
			[]string{"currency", "payment_form", "periodicity"}},
		{"two months outside 621", sello.ReceiptRequest{Items: []sello.ItemRequest{item("1")}, Periodicity: "two_months"}, []string{"periodicity"}},
		{"past valid_until", sello.ReceiptRequest{Items: []sello.ItemRequest{item("1")}, ValidUntil: past}, []string{"valid_until"}},
		{"USD without rate", sello.ReceiptRequest{Items: []sello.ItemRequest{item("1")}, Currency: "USD"}, []string{"exchange_rate"}},
		{"unknown client", sello.ReceiptRequest{Items: []sello.ItemRequest{item("1")}, Client: &sello.ClientRef{ID: "client_nope"}}, []string{"client.id"}},
	} {
		_, err := f.svc.CreateReceipt(ctx, f.team, false, &tc.req)
		e, ok := err.(*sello.Error)
		if !ok || e.Code != sello.Invalid {
			t.Errorf("%s: CreateReceipt = %v, want invalid", tc.name, err)
			continue
		}
		var got []string
		for _, fe := range e.Fields {
			got = append(got, fe.Field)
		}
		if len(got) != len(tc.fields) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.fields)
		}
	}
	_, _, total, _ := f.svc.FindReceipts(ctx, sello.ReceiptFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if total != 0 {
		t.Errorf("%d receipts stored by refused requests", total)
	}
	r, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("1")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{StampTo: sello.StampToClient}); sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("StampReceipt(client, no client) = %v, want invalid", err)
	}
	bad := &sello.Client{LegalName: "X", TaxID: "URE180429TM7", TaxSystem: "601", Address: sello.Address{Zip: "86991"}}
	if _, _, err := f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{Fiscal: bad}); sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("StampReceipt(bad RFC) = %v, want invalid", err)
	}
	// A refused stamp leaves the receipt pending and unclaimed.
	if _, _, err := f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{StampTo: sello.StampToPublicForeign}); err != nil {
		t.Errorf("StampReceipt(foreign) after refusals = %v", err)
	}
}

// TestReceiptStampOnce: 20 simultaneous stamps of one receipt give one
// invoice; the others are told it is taken or already invoiced.
func TestReceiptStampOnce(t *testing.T) {
	t.Parallel()
	eachEngine(t, testReceiptStampOnce)
}

func testReceiptStampOnce(t *testing.T, s sello.Store) {
	f := newInvoiceFixtureOn(t, s, nil)
	ctx := context.Background()
	r, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("100")}, Client: ptr(client())})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch sello.ErrorCode(err) {
		case "":
			ok++
		case sello.Conflict, sello.NotAllowed:
		default:
			t.Errorf("StampReceipt = %v", err)
		}
	}
	invs, _, total, err := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 100}})
	if err != nil || ok != 1 || total != 1 || f.pac.stamps.Load() != 1 {
		t.Fatalf("%d stamps succeeded, %d invoices, %d PAC stamps (%v); want 1", ok, total, f.pac.stamps.Load(), err)
	}
	if invs[0].ReceiptID != r.ID {
		t.Errorf("invoice receipt_id = %q, want %s", invs[0].ReceiptID, r.ID)
	}
}

// TestGlobalInvoice: 50 receipts over November, 5 self-invoiced; after the
// month one global invoice takes the other 45, also when the job runs
// twice or on two replicas at once.
func TestGlobalInvoice(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	f.clk.mu.Lock()
	f.clk.t = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	f.clk.mu.Unlock()
	var ids []string
	for i := range 50 {
		r, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("100"), item("20.5")},
			PaymentForm: []string{"01", "03", "04"}[i%3]})
		if err != nil {
			t.Fatalf("CreateReceipt %d: %v", i, err)
		}
		ids = append(ids, r.ID)
		if i%10 == 0 {
			fiscal := *client().Inline
			if _, _, err := f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{Fiscal: &fiscal, From: "portal"}); err != nil {
				t.Fatalf("StampReceipt %d: %v", i, err)
			}
		}
		f.clk.add(13 * time.Hour)
	}
	if n, err := f.svc.RunGlobalInvoices(ctx, 500); err != nil || n != 0 {
		t.Fatalf("RunGlobalInvoices during the month = %d, %v; want 0", n, err)
	}
	f.clk.mu.Lock()
	f.clk.t = time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC) // 01:00 in Mexico City
	f.clk.mu.Unlock()

	var wg sync.WaitGroup
	made := make([]int, 3)
	for i := range made {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.svc.RunGlobalInvoices(ctx, 500)
			if err != nil {
				t.Errorf("RunGlobalInvoices: %v", err)
			}
			made[i] = n
		}()
	}
	wg.Wait()
	if n, err := f.svc.RunGlobalInvoices(ctx, 500); err != nil || n != 0 {
		t.Errorf("RunGlobalInvoices again = %d, %v; want 0", n, err)
	}
	if made[0]+made[1]+made[2] != 1 {
		t.Errorf("global invoices made = %v, want one in all", made)
	}
	invs, _, total, err := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 100}})
	if err != nil || total != 6 {
		t.Fatalf("FindInvoices = %d, %v; want 5 + 1", total, err)
	}
	var global *sello.Invoice
	for _, inv := range invs {
		if inv.Global != nil && inv.ReceiptID == "" {
			global = inv
		}
	}
	if global == nil {
		t.Fatal("no global invoice")
	}
	f.check(t, global)
	if len(global.Items) != 45 || global.Global.Periodicity != "04" || global.Global.Months != "11" || global.Client.TaxID != sello.PublicRFC {
		t.Errorf("global invoice: %d lines, period %+v, receptor %s", len(global.Items), global.Global, global.Client.TaxID)
	}
	if want := decimal.RequireFromString("6290.1"); !global.Total.Equal(want) {
		t.Errorf("global total = %s, want %s (45 × 139.78)", global.Total, want)
	}
	for i, id := range ids {
		r, err := f.svc.FindReceipt(ctx, f.team.ID, false, id)
		if err != nil || r.Status != sello.ReceiptCompleted {
			t.Fatalf("receipt %d = %v, %v", i, r, err)
		}
		if self := i%10 == 0; self == (r.InvoiceRef == global.ID) {
			t.Errorf("receipt %d invoiced by %s (self-invoiced %v)", i, r.InvoiceRef, self)
		}
	}
	// The API trigger answers the same invoice for the period.
	again, created, err := f.svc.GlobalInvoice(ctx, f.team, false, "", time.Time{})
	if err != nil || created || again.ID != global.ID {
		t.Errorf("GlobalInvoice(last period) = %v, created %v, %v; want %s", again, created, err, global.ID)
	}
	if _, _, err := f.svc.GlobalInvoice(ctx, f.team, false, "month", time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)); sello.ErrorCode(err) != sello.Rejected {
		t.Errorf("GlobalInvoice(empty October) = %v, want rejected", err)
	}
}

func ptr[T any](v T) *T { return &v }

func tokenOf(t testing.TB, u string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil || parsed.Query().Get("token") == "" {
		t.Fatalf("no token in %s (%v)", u, err)
	}
	return parsed.Query().Get("token")
}

func errorsIsExpired(err error) bool {
	return err != nil && sello.ErrorCode(err) == sello.NotFound && errors.Is(err, sello.ErrLinkExpired)
}

// TestReceiptStampPending: when the PAC is down the invoice waits, the
// receipt is completed with it, and shows its UUID once the job stamps it.
func TestReceiptStampPending(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	r, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("100")}, Client: ptr(client())})
	if err != nil {
		t.Fatal(err)
	}
	f.pac.fail.Store(1)
	done, inv, err := f.svc.StampReceipt(ctx, f.team, false, r.ID, sello.ReceiptStamp{})
	if err != nil || inv.Status != sello.InvoicePending || done.Status != sello.ReceiptCompleted || done.InvoiceUUID != "" || done.InvoiceRef != inv.ID {
		t.Fatalf("StampReceipt with the PAC down = %+v, %+v, %v", done, inv, err)
	}
	f.clk.add(time.Minute)
	if n, err := f.svc.RunJobs(ctx, 10); err != nil || n != 1 {
		t.Fatalf("RunJobs = %d, %v", n, err)
	}
	got, err := f.svc.FindReceipt(ctx, f.team.ID, false, r.ID)
	stamped, _ := f.svc.FindInvoice(ctx, f.team.ID, false, inv.ID)
	if err != nil || got.InvoiceUUID == "" || got.InvoiceUUID != stamped.UUID {
		t.Errorf("receipt after the stamp = %q, %v; invoice UUID %q", got.InvoiceUUID, err, stamped.UUID)
	}
}

// TestGlobalInvoiceCatchUp: no job ran for two weekly periods; the next run
// makes both global invoices, each with its own receipts.
func TestGlobalInvoiceCatchUp(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	if _, err := f.svc.UpdateTeamSettings(ctx, f.team.ID, map[string]any{"periodicity": map[string]any{"label": "Semanal", "value": "week"}}); err != nil {
		t.Fatalf("UpdateTeamSettings: %v", err)
	}
	if _, err := f.svc.UpdateTeamSettings(ctx, f.team.ID, map[string]any{"periodicity": map[string]any{"value": "two_months"}}); sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("UpdateTeamSettings(two_months, régimen 601) = %v, want invalid", err)
	}
	for range 3 {
		if _, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("10")}}); err != nil {
			t.Fatal(err)
		}
	}
	free := sello.ItemRequest{Description: "Regalo", UnitPrice: decimal.NewNullDecimal(decimal.Zero)}
	if _, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{free}}); err != nil {
		t.Fatal(err) // no amount: left out of the global invoice, not blocking it
	}
	f.clk.add(7 * 24 * time.Hour)
	for range 2 {
		if _, err := f.svc.CreateReceipt(ctx, f.team, false, &sello.ReceiptRequest{Items: []sello.ItemRequest{item("20")}}); err != nil {
			t.Fatal(err)
		}
	}
	f.clk.add(10 * 24 * time.Hour)
	// Pages of two receipts: the run still reaches both periods.
	if n, err := f.svc.RunGlobalInvoices(ctx, 2); err != nil || n != 2 {
		t.Fatalf("RunGlobalInvoices after downtime = %d, %v; want 2", n, err)
	}
	invs, _, _, err := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || len(invs) != 2 {
		t.Fatalf("FindInvoices = %d, %v", len(invs), err)
	}
	lines := map[int]bool{len(invs[0].Items): true, len(invs[1].Items): true}
	if !lines[3] || !lines[2] || invs[0].Global.Periodicity != "02" {
		t.Errorf("global invoices: %d and %d lines, periodicity %s", len(invs[0].Items), len(invs[1].Items), invs[0].Global.Periodicity)
	}
	for _, inv := range invs {
		f.check(t, inv)
	}
}
