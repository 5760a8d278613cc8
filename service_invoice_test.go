package sello_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/pac/sandbox"
	"github.com/sello-mx/sello/store/sqlite"
)

// invoiceFixture is a Service with a sandbox PAC and one team.
type invoiceFixture struct {
	svc     *sello.Service
	clk     *manualClock
	team    *sello.Team
	pac     *flakyStamper
	satCert *x509.Certificate
	close   func()
	store   sello.Store
}

var (
	authorityOnce sync.Once
	authorityCer  []byte
	authorityKey  []byte
)

func newInvoiceFixture(t testing.TB) *invoiceFixture {
	t.Helper()
	return newInvoiceFixtureAt(t, filepath.Join(t.TempDir(), "sello.db"), nil)
}

// newInvoiceFixtureAt opens the database at path; team, when not nil, is
// already stored there.
func newInvoiceFixtureAt(t testing.TB, path string, team *sello.Team) *invoiceFixture {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return newInvoiceFixtureOn(t, db, team)
}

// newInvoiceFixtureOn is the fixture over db (either engine); team, when
// not nil, is already stored there.
func newInvoiceFixtureOn(t testing.TB, db sello.Store, team *sello.Team) *invoiceFixture {
	t.Helper()
	clk := &manualClock{t: time.Date(2026, 11, 20, 18, 4, 5, 0, time.UTC)}
	authorityOnce.Do(func() {
		var err error
		authorityCer, authorityKey, err = sandbox.GenerateAuthority([]byte("pw"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rand.Reader)
		if err != nil {
			panic(err)
		}
	})
	p, err := sandbox.New(sandbox.Config{Certificate: authorityCer, Key: authorityKey, Password: []byte("pw"), Now: clk.now, Rand: rand.Reader})
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	cert, err := x509.ParseCertificate(authorityCer)
	if err != nil {
		t.Fatal(err)
	}
	flaky := &flakyStamper{Stamper: p}
	svc := sello.NewService(sello.Config{Store: db, Now: clk.now, TestStamper: flaky})
	if team == nil {
		team = &sello.Team{LegalName: "ESCUELA KEMPER URGATE", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "42501"}
		if _, err := svc.CreateTeam(context.Background(), team); err != nil {
			t.Fatalf("CreateTeam: %v", err)
		}
	}
	return &invoiceFixture{svc: svc, clk: clk, team: team, pac: flaky, satCert: cert, close: func() { db.Close() }, store: db}
}

// flakyStamper fails the next `fail` Stamp calls as unavailable and counts
// the stamps that reached the PAC.
type flakyStamper struct {
	sello.Stamper
	fail   atomic.Int32
	stamps atomic.Int32
}

func (f *flakyStamper) Stamp(ctx context.Context, xml []byte) (*sello.Stamp, error) {
	if f.fail.Add(-1) >= 0 {
		return nil, sello.Errorf(sello.StampUnavailable, "the PAC is down")
	}
	f.fail.Store(0)
	st, err := f.Stamper.Stamp(ctx, xml)
	if err == nil {
		f.stamps.Add(1)
	}
	return st, err
}

func client() sello.ClientRef {
	return sello.ClientRef{Inline: &sello.Client{Name: "Universidad", LegalName: "UNIVERSIDAD ROBOTICA ESPAÑOLA",
		TaxID: "URE180429TM6", TaxSystem: "601", Use: "G03", Email: "pagos@ure.mx", Address: sello.Address{Zip: "86991"}}}
}

func item(price string) sello.ItemRequest {
	return sello.ItemRequest{Description: "Consultoría", UnitPrice: decimal.NewNullDecimal(decimal.RequireFromString(price)),
		Taxes: []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.16")}}}
}

func (f *invoiceFixture) check(t *testing.T, inv *sello.Invoice) {
	t.Helper()
	if inv.Status != sello.InvoiceValid || len(inv.UUID) != 36 {
		t.Fatalf("invoice %s: status %s uuid %q", inv.ID, inv.Status, inv.UUID)
	}
	cfditest.Oracle(t, inv.XML, cfditest.WithSATCert(f.satCert))
}

func TestInvoiceFlow(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()

	pue, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("1000")}})
	if err != nil {
		t.Fatalf("CreateInvoice PUE: %v", err)
	}
	f.check(t, pue)
	if got := pue.Total.String(); got != "1160" {
		t.Errorf("PUE total = %s, want 1160", got)
	}
	if pue.Series != "A" || pue.Folio != 1 {
		t.Errorf("PUE folio = %s-%d, want A-1", pue.Series, pue.Folio)
	}

	ppd, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: sello.ClientRef{ID: pue.ClientID},
		Items: []sello.ItemRequest{item("500")}, PaymentMethod: "PPD"})
	if err != nil {
		t.Fatalf("CreateInvoice PPD: %v", err)
	}
	f.check(t, ppd)
	if ppd.PaymentForm != "99" || ppd.Folio != 2 || !ppd.LastBalance.Equal(ppd.Total) {
		t.Errorf("PPD = form %s folio %d balance %s", ppd.PaymentForm, ppd.Folio, ppd.LastBalance)
	}

	usd, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: sello.ClientRef{ID: pue.ClientID},
		Items: []sello.ItemRequest{item("100")}, Currency: "USD", ExchangeRate: decimal.NewNullDecimal(decimal.RequireFromString("17.25"))})
	if err != nil {
		t.Fatalf("CreateInvoice USD: %v", err)
	}
	f.check(t, usd)

	egress, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Type: "E", Client: sello.ClientRef{ID: pue.ClientID},
		Items: []sello.ItemRequest{item("100")}, Related: []sello.RelatedDocuments{{Documents: []string{pue.UUID}}}})
	if err != nil {
		t.Fatalf("CreateInvoice egress: %v", err)
	}
	f.check(t, egress)
	if egress.Series != "NC" || egress.Related[0].Relationship != "01" || egress.Use != "G02" { // the guía's use for a credit note
		t.Errorf("egress = series %s related %+v use %s", egress.Series, egress.Related, egress.Use)
	}

	global, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Items: []sello.ItemRequest{item("250")},
		Global: &sello.GlobalPeriod{Periodicity: "04", Months: "11", Year: "2026"}, PaymentForm: "01"})
	if err != nil {
		t.Fatalf("CreateInvoice global: %v", err)
	}
	f.check(t, global)

	// Lists, search and get by UUID in any case.
	got, err := f.svc.FindInvoice(ctx, f.team.ID, false, "  "+strings.ToLower(pue.UUID))
	if err != nil || got.ID != pue.ID {
		t.Fatalf("FindInvoice(lower uuid) = %v, %v", got, err)
	}
	list, _, total, err := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, Types: []string{"I"}, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 4 || len(list) != 4 {
		t.Errorf("FindInvoices(I) = %d of %d, %v; want 4", len(list), total, err)
	}
	if _, err := f.svc.FindInvoice(ctx, f.team.ID, true, pue.ID); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("live FindInvoice of a test invoice = %v, want not found", err)
	}

	// Files: signed links that open without auth; a tampered link fails.
	links, err := f.svc.InvoiceFiles(ctx, f.team.ID, false, pue.UUID, "xml", "pdf")
	if err != nil {
		t.Fatalf("InvoiceFiles: %v", err)
	}
	x, err := f.svc.OpenFile(ctx, links[0].Path[len("/files/"):])
	if err != nil || string(x.Data) != string(pue.XML) {
		t.Fatalf("OpenFile(xml) = %v, %v", x, err)
	}
	pdfFile, err := f.svc.OpenFile(ctx, links[1].Path[len("/files/"):])
	if err != nil || string(pdfFile.Data[:5]) != "%PDF-" {
		t.Fatalf("OpenFile(pdf) = %v", err)
	}
	if _, err := f.svc.OpenFile(ctx, links[0].Path[len("/files/"):]+"x"); sello.ErrorCode(err) != sello.InvalidToken {
		t.Errorf("OpenFile(tampered) = %v, want invalid_token", err)
	}
	f.clk.add(2 * time.Hour)
	if _, err := f.svc.OpenFile(ctx, links[0].Path[len("/files/"):]); sello.ErrorCode(err) != sello.InvalidToken {
		t.Errorf("OpenFile(expired) = %v, want invalid_token", err)
	}
}

func TestInvoiceRefusals(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		req   sello.InvoiceRequest
		code  sello.Code
		field string
		sat   string
	}{
		{"no items", sello.InvoiceRequest{Client: client()}, sello.Invalid, "items", ""},
		{"no price", sello.InvoiceRequest{Items: []sello.ItemRequest{{Description: "x"}}}, sello.Invalid, "items[0].unit_price", ""},
		{"PPD with form 03", sello.InvoiceRequest{Items: []sello.ItemRequest{item("1")}, PaymentMethod: "PPD", PaymentForm: "03"}, sello.Rejected, "payment_form", ""},
		{"USD without rate", sello.InvoiceRequest{Items: []sello.ItemRequest{item("1")}, Currency: "USD"}, sello.Invalid, "exchange_rate", ""},
		{"unknown service", sello.InvoiceRequest{Items: []sello.ItemRequest{{ServiceID: "service_nope"}}}, sello.Invalid, "items[0].id", ""},
		{"bad IVA rate", sello.InvoiceRequest{Items: []sello.ItemRequest{{Description: "x", UnitPrice: decimal.NewNullDecimal(decimal.NewFromInt(1)),
			Taxes: []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.17")}}}}}, sello.Invalid, "", "CFDI40"},
		{"global to a client", sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("1")},
			Global: &sello.GlobalPeriod{Periodicity: "04", Months: "11", Year: "2026"}}, sello.Invalid, "global", ""},
		{"related unknown", sello.InvoiceRequest{Type: "E", Items: []sello.ItemRequest{item("1")},
			Related: []sello.RelatedDocuments{{Documents: []string{"11111111-2222-3333-4444-555555555555"}}}}, sello.Invalid, "related_documents[0].documents[0]", ""},
	} {
		_, err := f.svc.CreateInvoice(ctx, f.team, false, &tc.req)
		var e *sello.Error
		if !errors.As(err, &e) || e.Code != tc.code {
			t.Errorf("%s: err = %v, want %s", tc.name, err, tc.code)
			continue
		}
		found := false
		for _, fe := range e.Fields {
			if (tc.field == "" || fe.Field == tc.field) && (tc.sat == "" || len(fe.SATCode) >= len(tc.sat) && fe.SATCode[:len(tc.sat)] == tc.sat) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: fields %v, want %q %q", tc.name, e.Fields, tc.field, tc.sat)
		}
	}
	// Nothing was stored and no folio was used.
	inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Items: []sello.ItemRequest{item("1")}})
	if err != nil || inv.Folio != 1 {
		t.Fatalf("first invoice after refusals: folio %v, %v; want 1", inv, err)
	}
	// Live mode without a PAC or a CSD is refused.
	if _, err := f.svc.CreateInvoice(ctx, f.team, true, &sello.InvoiceRequest{Items: []sello.ItemRequest{item("1")}}); sello.ErrorCode(err) != sello.Rejected {
		t.Errorf("live invoice without CSD = %v, want rejected", err)
	}
}

func TestInvoiceFoliosUnderConcurrency(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	const n = 100
	folios := make(chan int64, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Items: []sello.ItemRequest{item("10")}, Series: "C"})
			if err != nil {
				t.Errorf("CreateInvoice: %v", err)
				return
			}
			folios <- inv.Folio
		}()
	}
	wg.Wait()
	close(folios)
	seen := map[int64]bool{}
	for f := range folios {
		seen[f] = true
	}
	for i := int64(1); i <= n; i++ {
		if !seen[i] {
			t.Errorf("folio %d missing (got %d distinct)", i, len(seen))
		}
	}
}

func TestInvoicePendingThenStamped(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	f.pac.fail.Store(2)
	inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Items: []sello.ItemRequest{item("10")}})
	if err != nil {
		t.Fatalf("CreateInvoice: %v", err)
	}
	if inv.Status != sello.InvoicePending || inv.UUID != "" || inv.Folio != 1 {
		t.Fatalf("invoice = %s %q folio %d, want pending with folio 1", inv.Status, inv.UUID, inv.Folio)
	}
	// Not due yet: nothing happens.
	if n, err := f.svc.RunJobs(ctx, 10); err != nil || n != 0 {
		t.Fatalf("RunJobs before due = %d, %v", n, err)
	}
	f.clk.add(time.Minute)
	if n, err := f.svc.RunJobs(ctx, 10); err != nil || n != 1 {
		t.Fatalf("RunJobs = %d, %v", n, err)
	}
	still, _ := f.svc.FindInvoice(ctx, f.team.ID, false, inv.ID)
	if still.Status != sello.InvoicePending || still.StampAttempts != 2 {
		t.Fatalf("after 2nd failure: %s attempts %d", still.Status, still.StampAttempts)
	}
	f.clk.add(time.Hour)
	if n, err := f.svc.RunJobs(ctx, 10); err != nil || n != 1 {
		t.Fatalf("RunJobs = %d, %v", n, err)
	}
	done, _ := f.svc.FindInvoice(ctx, f.team.ID, false, inv.ID)
	f.check(t, done)
	if got := f.pac.stamps.Load(); got != 1 {
		t.Errorf("the PAC stamped %d times, want 1", got)
	}
	// The next invoice takes the next folio: the pending one kept its own.
	next, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Items: []sello.ItemRequest{item("10")}})
	if err != nil || next.Folio != 2 {
		t.Fatalf("next invoice folio = %v, %v", next, err)
	}
	_ = cfdi.NS
}

// TestInvoicePendingSurvivesRestart: an invoice left pending by one
// process is stamped by the next one, opened on the same database file.
func TestInvoicePendingSurvivesRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sello.db")
	first := newInvoiceFixtureAt(t, path, nil)
	first.pac.fail.Store(1000) // the PAC is down for the first process
	inv, err := first.svc.CreateInvoice(ctx, first.team, false, &sello.InvoiceRequest{Items: []sello.ItemRequest{item("10")}})
	if err != nil || inv.Status != sello.InvoicePending {
		t.Fatalf("CreateInvoice = %v, %v; want pending", inv, err)
	}
	first.close()

	second := newInvoiceFixtureAt(t, path, first.team)
	second.clk.add(time.Minute)
	if n, err := second.svc.RunJobs(ctx, 10); err != nil || n != 1 {
		t.Fatalf("RunJobs after restart = %d, %v", n, err)
	}
	done, err := second.svc.FindInvoice(ctx, first.team.ID, false, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	second.check(t, done)
	if done.Folio != inv.Folio || second.pac.stamps.Load() != 1 {
		t.Errorf("after restart: folio %d (was %d), %d stamps", done.Folio, inv.Folio, second.pac.stamps.Load())
	}
}

func TestInvoiceCancellation(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	mk := func(req sello.InvoiceRequest) *sello.Invoice {
		t.Helper()
		if len(req.Items) == 0 {
			req.Items = []sello.ItemRequest{item("100")}
		}
		if req.Client.ID == "" && req.Client.Inline == nil {
			req.Client = client()
		}
		inv, err := f.svc.CreateInvoice(ctx, f.team, false, &req)
		if err != nil {
			t.Fatalf("CreateInvoice: %v", err)
		}
		return inv
	}
	// 01 needs a substitute that relates to the invoice with 04.
	orig := mk(sello.InvoiceRequest{})
	if _, err := f.svc.CancelInvoice(ctx, f.team, false, orig.UUID, "01", ""); sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("motive 01 without substitute = %v, want invalid", err)
	}
	unrelated := mk(sello.InvoiceRequest{})
	if _, err := f.svc.CancelInvoice(ctx, f.team, false, orig.UUID, "01", unrelated.UUID); sello.ErrorCode(err) != sello.Rejected {
		t.Errorf("motive 01 with an unrelated substitute = %v, want rejected", err)
	}
	sub := mk(sello.InvoiceRequest{Related: []sello.RelatedDocuments{{Relationship: "04", Documents: []string{orig.UUID}}}})
	got, err := f.svc.CancelInvoice(ctx, f.team, false, orig.UUID, "01", sub.UUID)
	if err != nil || got.Status != sello.InvoiceCanceled || got.CancellationStatus != "accepted" || len(got.CancellationReceipt) == 0 {
		t.Fatalf("cancel 01 = %+v, %v", got, err)
	}
	if _, err := f.svc.CancelInvoice(ctx, f.team, false, orig.UUID, "02", ""); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("cancelling twice = %v, want not allowed", err)
	}
	// 02–04 take no substitute.
	for _, motive := range []string{"02", "03", "04"} {
		inv := mk(sello.InvoiceRequest{})
		if _, err := f.svc.CancelInvoice(ctx, f.team, false, inv.ID, motive, sub.UUID); sello.ErrorCode(err) != sello.Invalid {
			t.Errorf("motive %s with a substitute = %v, want invalid", motive, err)
		}
		got, err := f.svc.CancelInvoice(ctx, f.team, false, inv.ID, motive, "")
		if err != nil || got.Status != sello.InvoiceCanceled || got.CancellationMotive != motive {
			t.Errorf("cancel %s = %+v, %v", motive, got, err)
		}
	}
	if _, err := f.svc.CancelInvoice(ctx, f.team, false, unrelated.UUID, "09", ""); sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("motive 09 = %v, want invalid", err)
	}
	// A live credit note blocks the cancellation of its invoice.
	income := mk(sello.InvoiceRequest{})
	note := mk(sello.InvoiceRequest{Type: "E", Client: sello.ClientRef{ID: income.ClientID}, Related: []sello.RelatedDocuments{{Documents: []string{income.UUID}}}})
	_, err = f.svc.CancelInvoice(ctx, f.team, false, income.UUID, "02", "")
	if sello.ErrorCode(err) != sello.Rejected || !containsField(err, note.UUID) {
		t.Errorf("cancel with a live credit note = %v, want rejected naming %s", err, note.UUID)
	}
	if _, err := f.svc.CancelInvoice(ctx, f.team, false, note.UUID, "02", ""); err != nil {
		t.Fatalf("cancel the credit note: %v", err)
	}
	if _, err := f.svc.CancelInvoice(ctx, f.team, false, income.UUID, "02", ""); err != nil {
		t.Errorf("cancel after the credit note = %v", err)
	}
	// The acuse downloads through a signed link.
	links, err := f.svc.InvoiceFiles(ctx, f.team.ID, false, income.UUID, "acuse")
	if err != nil {
		t.Fatalf("InvoiceFiles(acuse): %v", err)
	}
	if file, err := f.svc.OpenFile(ctx, links[0].Path[len("/files/"):]); err != nil || len(file.Data) == 0 {
		t.Errorf("OpenFile(acuse) = %v", err)
	}
}

func containsField(err error, problem string) bool {
	e, ok := err.(*sello.Error)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Problem == problem {
			return true
		}
	}
	return false
}

// TestInvoicePendingCancellation: when the receiver must accept, the
// invoice stays valid with cancellation_status pending until the worker
// learns it was accepted.
func TestInvoicePendingCancellation(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	p, err := sandbox.New(sandbox.Config{Certificate: authorityCer, Key: authorityKey, Password: []byte("pw"), Now: f.clk.now,
		Rand: rand.Reader, PendingCancellations: true})
	if err != nil {
		t.Fatal(err)
	}
	f.pac.Stamper = p
	ctx := context.Background()
	inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("9000")}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.CancelInvoice(ctx, f.team, false, inv.UUID, "02", "")
	if err != nil || got.Status != sello.InvoiceValid || got.CancellationStatus != "pending" {
		t.Fatalf("cancel = %+v, %v; want valid with a pending cancellation", got, err)
	}
	if _, err := f.svc.CancelInvoice(ctx, f.team, false, inv.UUID, "02", ""); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("cancel while pending = %v, want not allowed", err)
	}
	f.clk.add(2 * time.Minute)
	if n, err := f.svc.RunJobs(ctx, 10); err != nil || n != 1 {
		t.Fatalf("RunJobs = %d, %v", n, err)
	}
	done, _ := f.svc.FindInvoice(ctx, f.team.ID, false, inv.ID)
	if done.Status != sello.InvoiceCanceled || done.CancellationStatus != "accepted" {
		t.Errorf("after the poll: %s / %s, want canceled / accepted", done.Status, done.CancellationStatus)
	}
}

// TestInvoiceUnitName: an item's Unidad defaults to the c_ClaveUnidad text of
// its unit key (API.md §9.3), as a service's does.
func TestInvoiceUnitName(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	it := item("10")
	it.UnitKey = "H87"
	inv, err := f.svc.CreateInvoice(context.Background(), f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{it}})
	if err != nil {
		t.Fatalf("CreateInvoice: %v", err)
	}
	f.check(t, inv)
	if !strings.Contains(string(inv.XML), `ClaveUnidad="H87" Unidad="Pieza"`) || inv.Items[0].UnitName != "Pieza" {
		t.Errorf("unit name %q; XML:\n%s", inv.Items[0].UnitName, inv.XML)
	}
}

// TestInvoiceAddenda writes the addenda asked for as cfdi:Addenda after the
// Complemento, outside the cadena and the seal: the stamped XML passes the
// SAT's XSD, XSLT and seal checks, reads back with the addenda, and an
// addenda that is not well-formed XML is refused before anything is stored.
func TestInvoiceAddenda(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	const addenda = `<ext:Pedido xmlns:ext="urn:ejemplo:pedido" numero="A-17"><ext:Linea sku="X1"/></ext:Pedido>`
	inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, Addenda: addenda})
	if err != nil {
		t.Fatalf("CreateInvoice: %v", err)
	}
	// cfdv40.xsd's Addenda is a strict wildcard: the SAT XSD checks an addenda
	// against the schema of its own namespace, as a receiver does.
	cfditest.Oracle(t, inv.XML, cfditest.WithSATCert(f.satCert), cfditest.WithSchema("urn:ejemplo:pedido", "testdata/addenda-pedido.xsd"))
	xml := string(inv.XML)
	comp, add := strings.Index(xml, "</cfdi:Complemento>"), strings.Index(xml, "<cfdi:Addenda>"+addenda+"</cfdi:Addenda>")
	if comp < 0 || add < comp {
		t.Fatalf("the addenda is not after the Complemento:\n%s", xml)
	}
	doc, err := cfdi.Parse(inv.XML)
	if err != nil || string(doc.Addenda) != addenda {
		t.Fatalf("Parse: %v; addenda %q", err, doc.Addenda)
	}
	if got, err := cfdi.CadenaOriginal(doc.Comprobante); err != nil || strings.Contains(got, "A-17") {
		t.Errorf("the addenda is in the cadena (%v): %s", err, got)
	}
	// sello cfdi verify: the seal over the cadena and the TFD hold with the addenda in place.
	path := filepath.Join(t.TempDir(), "addenda.xml")
	if err := os.WriteFile(path, inv.XML, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sat := func(string) *x509.Certificate { return f.satCert }
	if failed := cfdi.VerifyFiles(&out, []string{path}, cfdi.VerifyOptions{SATCert: sat}); failed != 0 {
		t.Errorf("cfdi verify:\n%s", out.String())
	}

	before, _, _, _ := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 100}})
	_, err = f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, Addenda: `<a>`})
	if sello.ErrorCode(err) != sello.Invalid || !strings.Contains(err.Error(), "addenda") {
		t.Errorf("bad addenda = %v, want Invalid naming addenda", err)
	}
	after, _, _, _ := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 100}})
	if len(after) != len(before) {
		t.Errorf("a refused addenda stored an invoice: %d invoices, had %d", len(after), len(before))
	}
}
