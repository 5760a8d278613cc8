package sello_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func paymentReq(automation string, price string) *sello.PaymentRequest {
	return &sello.PaymentRequest{Client: client(), Items: []sello.ItemRequest{item(price)}, AutomationType: automation}
}

// invoiceOf loads an invoice of the fixture's team by UUID or id.
func (f *invoiceFixture) invoiceOf(t *testing.T, idOrUUID string) *sello.Invoice {
	t.Helper()
	inv, err := f.svc.FindInvoice(context.Background(), f.team.ID, false, idOrUUID)
	if err != nil {
		t.Fatalf("FindInvoice(%s): %v", idOrUUID, err)
	}
	return inv
}

func TestRegisterPaymentPUE(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	req := paymentReq("", "1000")
	req.PaymentForm = "04"
	p, err := f.svc.RegisterPayment(ctx, f.team, false, req)
	if err != nil {
		t.Fatalf("RegisterPayment: %v", err)
	}
	if p.Status != sello.PaymentSucceeded || p.AutomationType != sello.AutomationPUE || len(p.Invoices) != 1 || p.Cents() != 116000 {
		t.Fatalf("RegisterPayment = status %s, automation %s, invoices %v, cents %d", p.Status, p.AutomationType, p.Invoices, p.Cents())
	}
	inv := f.invoiceOf(t, p.Invoices[0])
	f.check(t, inv)
	if inv.PaymentID != p.ID || inv.PaymentMethod != "PUE" || inv.PaymentForm != "04" || !inv.Total.Equal(p.Total) {
		t.Errorf("PUE invoice: payment %s method %s form %s total %s; want %s PUE 04 %s", inv.PaymentID, inv.PaymentMethod, inv.PaymentForm, inv.Total, p.ID, p.Total)
	}
	// Nothing is left for the worker.
	if n, err := f.svc.RunJobs(ctx, 10); err != nil || n != 0 {
		t.Errorf("RunJobs = %d, %v; want nothing to do", n, err)
	}
	// Refund in two parts.
	p, err = f.svc.RefundPayment(ctx, f.team.ID, false, p.ID, &sello.RefundRequest{Amount: decimal.NewNullDecimal(dec("160")), Reason: "iva"})
	if err != nil || p.Status != sello.PaymentSucceeded || !p.AmountRefunded.Equal(dec("160")) {
		t.Fatalf("partial refund = %v, %v", p, err)
	}
	if _, err := f.svc.RefundPayment(ctx, f.team.ID, false, p.ID, &sello.RefundRequest{Amount: decimal.NewNullDecimal(dec("1000.01"))}); sello.ErrorCode(err) != sello.Rejected {
		t.Errorf("refund above what is left = %v, want Rejected", err)
	}
	p, err = f.svc.RefundPayment(ctx, f.team.ID, false, p.ID, &sello.RefundRequest{})
	if err != nil || p.Status != sello.PaymentRefunded || !p.AmountRefunded.Equal(p.Total) || len(p.Refunds) != 2 {
		t.Fatalf("full refund = %+v, %v", p, err)
	}
	if _, err := f.svc.RefundPayment(ctx, f.team.ID, false, p.ID, &sello.RefundRequest{}); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("refund a refunded payment = %v, want NotAllowed", err)
	}
	if _, err := f.svc.CancelPayment(ctx, f.team.ID, false, p.ID); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("cancel an invoiced payment = %v, want NotAllowed", err)
	}
}

func TestPaymentPPDInstallments(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	p, err := f.svc.RequestPayment(ctx, f.team, false, paymentReq(sello.AutomationPPD, "1000"))
	if err != nil {
		t.Fatalf("RequestPayment: %v", err)
	}
	if p.Status != sello.PaymentRequiresMethod || len(p.Invoices) != 1 || p.PayToken == "" {
		t.Fatalf("RequestPayment = %s, invoices %v, token %q", p.Status, p.Invoices, p.PayToken)
	}
	ppd := f.invoiceOf(t, p.Invoices[0])
	f.check(t, ppd)
	if ppd.PaymentMethod != "PPD" || ppd.PaymentForm != "99" || !ppd.LastBalance.Equal(dec("1160")) {
		t.Fatalf("PPD invoice: %s %s balance %s", ppd.PaymentMethod, ppd.PaymentForm, ppd.LastBalance)
	}
	if _, err := f.svc.MarkPaymentPaid(ctx, f.team.ID, false, p.ID, &sello.PaidRequest{PaymentForm: "03", Amount: decimal.NewNullDecimal(dec("1160.01"))}); sello.ErrorCode(err) != sello.Rejected {
		t.Errorf("installment above the total = %v, want Rejected", err)
	}
	for i, amount := range []string{"400", "333.33", "426.67"} {
		f.clk.add(time.Hour)
		p, err = f.svc.MarkPaymentPaid(ctx, f.team.ID, false, p.ID, &sello.PaidRequest{PaymentForm: "03", Amount: decimal.NewNullDecimal(dec(amount))})
		if err != nil {
			t.Fatalf("installment %d: %v", i+1, err)
		}
		if len(p.Invoices) != i+2 || p.Installments[i].InvoiceUUID != p.Invoices[i+1] {
			t.Fatalf("installment %d: invoices %v installments %+v", i+1, p.Invoices, p.Installments)
		}
		comp := f.invoiceOf(t, p.Invoices[i+1])
		f.check(t, comp)
		d := comp.PaymentDetails.Documents[0]
		if comp.Type != "P" || comp.PaymentID != p.ID || d.Installment != i+1 || !d.AmountPaid.Equal(dec(amount)) {
			t.Errorf("complement %d: type %s payment %s installment %d paid %s", i+1, comp.Type, comp.PaymentID, d.Installment, d.AmountPaid)
		}
		wantStatus := sello.PaymentRequiresMethod
		if i == 2 {
			wantStatus = sello.PaymentSucceeded
		}
		if p.Status != wantStatus {
			t.Errorf("after installment %d: status %s, want %s", i+1, p.Status, wantStatus)
		}
	}
	ppd = f.invoiceOf(t, ppd.ID)
	if !ppd.LastBalance.IsZero() || ppd.PaymentComplements != 3 {
		t.Errorf("PPD after three installments: balance %s, complements %d; want 0, 3", ppd.LastBalance, ppd.PaymentComplements)
	}
	if _, err := f.svc.MarkPaymentPaid(ctx, f.team.ID, false, p.ID, &sello.PaidRequest{PaymentForm: "03"}); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("paid again = %v, want NotAllowed", err)
	}
}

// TestPaymentAutomationDurable: the provider is down when the payment is
// registered; the invoice waits pending, the job waits, and once the
// provider answers there is exactly one invoice, linked, stamped once.
func TestPaymentAutomationDurable(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	f.pac.fail.Store(1)
	p, err := f.svc.RegisterPayment(ctx, f.team, false, paymentReq("", "100"))
	if err != nil {
		t.Fatalf("RegisterPayment: %v", err)
	}
	if p.Status != sello.PaymentSucceeded || len(p.Invoices) != 0 {
		t.Fatalf("RegisterPayment with the provider down = %s, invoices %v", p.Status, p.Invoices)
	}
	for range 3 {
		// A worker that runs the job again (as after a crash) finds the
		// pending invoice and issues nothing new.
		f.clk.add(10 * time.Second)
		if _, err := f.svc.RunJobs(ctx, 10); err != nil {
			t.Fatalf("RunJobs: %v", err)
		}
	}
	f.clk.add(time.Minute)
	if _, err := f.svc.RunJobs(ctx, 10); err != nil {
		t.Fatalf("RunJobs: %v", err)
	}
	f.clk.add(time.Minute)
	if _, err := f.svc.RunJobs(ctx, 10); err != nil {
		t.Fatalf("RunJobs: %v", err)
	}
	p, _ = f.svc.FindPaymentByID(ctx, f.team.ID, false, p.ID)
	invs, _, total, _ := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID})
	if len(p.Invoices) != 1 || total != 1 || f.pac.stamps.Load() != 1 || invs[0].UUID != p.Invoices[0] {
		t.Fatalf("after recovery: payment invoices %v, %d invoices stored, %d stamps", p.Invoices, total, f.pac.stamps.Load())
	}
}

func TestPaymentCancelAndAvoidCurrencies(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	p, err := f.svc.RequestPayment(ctx, f.team, false, paymentReq("", "100"))
	if err != nil {
		t.Fatalf("RequestPayment: %v", err)
	}
	if _, err := f.svc.RefundPayment(ctx, f.team.ID, false, p.ID, &sello.RefundRequest{}); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("refund an unpaid payment = %v, want NotAllowed", err)
	}
	p, err = f.svc.CancelPayment(ctx, f.team.ID, false, p.ID)
	if err != nil || p.Status != sello.PaymentCanceled || p.CanceledAt.IsZero() {
		t.Fatalf("CancelPayment = %+v, %v", p, err)
	}
	if _, err := f.svc.CancelPayment(ctx, f.team.ID, false, p.ID); sello.ErrorCode(err) != sello.NotAllowed {
		t.Errorf("cancel twice = %v, want NotAllowed", err)
	}
	// USD is listed in avoid_automations_on_currencies: nothing is issued.
	if _, err := f.svc.UpdateTeamSettings(ctx, f.team.ID, map[string]any{"avoid_automations_on_currencies": []any{"USD"}}); err != nil {
		t.Fatalf("settings: %v", err)
	}
	req := paymentReq("", "100")
	req.Currency, req.ExchangeRate = "USD", decimal.NewNullDecimal(dec("17.5"))
	p, err = f.svc.RegisterPayment(ctx, f.team, false, req)
	if err != nil || p.Status != sello.PaymentSucceeded || len(p.Invoices) != 0 {
		t.Fatalf("USD payment = %+v, %v; want succeeded without invoice", p, err)
	}
}

// TestPaymentInstallmentsAcrossCurrencies pays an MXN PPD invoice with an
// installment in USD, and a USD one with an installment in MXN: each
// complement carries EquivalenciaDR, passes the SAT oracle, and the last
// installment leaves the balance at exactly zero.
func TestPaymentInstallmentsAcrossCurrencies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, currency, rate string
		installments         []sello.PaidRequest
		wantEquivalencia     string
	}{
		{"MXN paid in USD", "MXN", "", []sello.PaidRequest{
			{PaymentForm: "03", Amount: decimal.NewNullDecimal(dec("20")), Currency: "USD", ExchangeRate: decimal.NewNullDecimal(dec("20"))},
			{PaymentForm: "03"},
		}, "20"},
		{"USD paid in MXN", "USD", "17.5", []sello.PaidRequest{
			{PaymentForm: "03", Amount: decimal.NewNullDecimal(dec("1750")), Currency: "MXN"},
			{PaymentForm: "03"},
		}, "0.0571428571"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newInvoiceFixture(t)
			ctx := context.Background()
			req := paymentReq(sello.AutomationPPD, "1000")
			req.Currency = tc.currency
			if tc.rate != "" {
				req.ExchangeRate = decimal.NewNullDecimal(dec(tc.rate))
			}
			p, err := f.svc.RequestPayment(ctx, f.team, false, req)
			if err != nil || len(p.Invoices) != 1 {
				t.Fatalf("RequestPayment = %+v, %v", p, err)
			}
			for i := range tc.installments {
				f.clk.add(time.Hour)
				if p, err = f.svc.MarkPaymentPaid(ctx, f.team.ID, false, p.ID, &tc.installments[i]); err != nil {
					t.Fatalf("installment %d: %v", i+1, err)
				}
				if len(p.Invoices) != i+2 {
					t.Fatalf("installment %d: invoices %v, automation error %+v", i+1, p.Invoices, p.AutomationError)
				}
				f.check(t, f.invoiceOf(t, p.Invoices[i+1]))
			}
			comp := f.invoiceOf(t, p.Invoices[1])
			doc, err := cfdi.Parse(comp.XML)
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Comprobante.Complemento.Pagos.Pago[0].DoctoRelacionado[0].EquivalenciaDR; got != tc.wantEquivalencia {
				t.Errorf("EquivalenciaDR = %s, want %s", got, tc.wantEquivalencia)
			}
			ppd := f.invoiceOf(t, p.Invoices[0])
			if !ppd.LastBalance.IsZero() || ppd.PaymentComplements != 2 || p.Status != sello.PaymentSucceeded {
				t.Errorf("after the installments: balance %s, complements %d, status %s", ppd.LastBalance, ppd.PaymentComplements, p.Status)
			}
		})
	}
}

// TestInvoiceAutomationPending: an invoice with automation payment that
// waits for the stamping provider gets its payment at once, and the
// payment is linked to the UUID once the invoice is stamped.
func TestInvoiceAutomationPending(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	f.pac.fail.Store(1)
	inv, err := f.svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, AutomationType: "payment"})
	if err != nil || inv.Status != sello.InvoicePending || inv.PaymentID == "" {
		t.Fatalf("CreateInvoice = %+v, %v", inv, err)
	}
	p, err := f.svc.FindPaymentByID(ctx, f.team.ID, false, inv.PaymentID)
	if err != nil || p.Status != sello.PaymentSucceeded || len(p.Invoices) != 0 {
		t.Fatalf("the payment of a pending invoice = %+v, %v", p, err)
	}
	f.clk.add(time.Minute)
	if _, err := f.svc.RunJobs(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RunJobs(ctx, 10); err != nil {
		t.Fatal(err)
	}
	p, _ = f.svc.FindPaymentByID(ctx, f.team.ID, false, inv.PaymentID)
	inv = f.invoiceOf(t, inv.ID)
	if len(p.Invoices) != 1 || p.Invoices[0] != inv.UUID || inv.Status != sello.InvoiceValid {
		t.Errorf("after stamping: payment invoices %v, invoice %s %s", p.Invoices, inv.Status, inv.UUID)
	}
}

// TestPaymentAutomationFails: a line the SAT refuses (IVA at 17%) cannot
// be invoiced; the payment stays succeeded with automation_error, and no
// job is left running.
func TestPaymentAutomationFails(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	req := paymentReq(sello.AutomationPPD, "100")
	req.Items[0].Taxes = []sello.Tax{{Type: "IVA", Rate: dec("0.17")}}
	p, err := f.svc.RegisterPayment(ctx, f.team, false, req)
	if err != nil {
		t.Fatalf("RegisterPayment: %v", err)
	}
	if p.Status != sello.PaymentSucceeded || p.AutomationError == nil || p.AutomationError.Code != string(sello.Invalid) || len(p.Invoices) != 0 {
		t.Fatalf("RegisterPayment = %s, %+v, invoices %v", p.Status, p.AutomationError, p.Invoices)
	}
	f.clk.add(time.Hour)
	if n, err := f.svc.RunJobs(ctx, 10); err != nil || n != 0 {
		t.Errorf("RunJobs = %d, %v; want no job left", n, err)
	}
	evs, _, _, err := f.svc.FindEvents(ctx, sello.EventFilter{TeamID: f.team.ID, Type: "invoice.failed"})
	if err != nil || len(evs) != 2 {
		t.Errorf("invoice.failed events = %d, %v; want 2 (the PPD invoice and its complement)", len(evs), err)
	}
}

// TestRegisterPaymentPPD: a payment registered with the PPD automation
// gets its PPD invoice and one complement paying it all.
func TestRegisterPaymentPPD(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	p, err := f.svc.RegisterPayment(context.Background(), f.team, false, paymentReq(sello.AutomationPPD, "250.50"))
	if err != nil || len(p.Invoices) != 2 || p.Status != sello.PaymentSucceeded {
		t.Fatalf("RegisterPayment = %+v, %v", p, err)
	}
	ppd, comp := f.invoiceOf(t, p.Invoices[0]), f.invoiceOf(t, p.Invoices[1])
	f.check(t, comp)
	if ppd.PaymentMethod != "PPD" || !ppd.LastBalance.IsZero() || comp.Type != "P" || !comp.PaymentDetails.Amount.Equal(p.Total) {
		t.Errorf("PPD %s balance %s; complement %s amount %s, want %s", ppd.PaymentMethod, ppd.LastBalance, comp.Type, comp.PaymentDetails.Amount, p.Total)
	}
}

// TestPaymentReceiptAutomation: a succeeded payment with the receipt
// automation gets one receipt, linked both ways, which its customer can
// then self-invoice; running the worker again makes no second one.
func TestPaymentReceiptAutomation(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	req := paymentReq(sello.AutomationReceipt, "250")
	req.PaymentForm = "01"
	p, err := f.svc.RegisterPayment(ctx, f.team, false, req)
	if err != nil {
		t.Fatalf("RegisterPayment: %v", err)
	}
	if p.ReceiptID == "" || len(p.Invoices) != 0 {
		t.Fatalf("payment: receipt %q invoices %v; want a receipt and no invoice", p.ReceiptID, p.Invoices)
	}
	r, err := f.svc.FindReceipt(ctx, f.team.ID, false, p.ReceiptID)
	if err != nil {
		t.Fatalf("FindReceipt: %v", err)
	}
	if r.PaymentID != p.ID || r.Status != sello.ReceiptPending || !r.Total.Equal(p.Total) || r.PaymentForm != "01" {
		t.Errorf("receipt = payment %s status %s total %s form %s", r.PaymentID, r.Status, r.Total, r.PaymentForm)
	}
	f.clk.add(time.Hour)
	if _, err := f.svc.RunJobs(ctx, 10); err != nil {
		t.Fatal(err)
	}
	_, _, total, err := f.svc.FindReceipts(ctx, sello.ReceiptFilter{TeamID: f.team.ID, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || total != 1 {
		t.Errorf("receipts = %d, %v; want 1", total, err)
	}
}

// TestBackgroundWorkEnds: with a provider that never answers, a payment's
// PUE automation does not retry forever. The job worker gives up after
// its bounded schedule (the invoice is failed, its folio kept, and
// invoice.failed recorded); the payment's job then ends with
// automation_error, and no work is left.
func TestBackgroundWorkEnds(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	f.pac.fail.Store(1 << 20)
	p, err := f.svc.RegisterPayment(ctx, f.team, false, paymentReq(sello.AutomationPUE, "100"))
	if err != nil {
		t.Fatalf("RegisterPayment: %v", err)
	}
	rounds := 0
	for ; rounds < 40; rounds++ {
		f.clk.add(2 * time.Hour)
		ni, err := f.svc.RunJobs(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		np, err := f.svc.RunJobs(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if ni+np == 0 {
			break
		}
	}
	if rounds == 40 {
		t.Fatalf("background work still running after %d rounds of two hours", rounds)
	}
	p, err = f.svc.FindPaymentByID(ctx, f.team.ID, false, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.AutomationError == nil || !strings.Contains(p.AutomationError.Message, "gave up after") {
		t.Errorf("automation_error = %+v, want the provider given up on", p.AutomationError)
	}
	invs, _, _, err := f.svc.FindInvoices(ctx, sello.InvoiceFilter{TeamID: f.team.ID, Statuses: []sello.InvoiceStatus{sello.InvoicePending}})
	if err != nil || len(invs) != 1 || !invs[0].StampGivenUp() || !strings.HasPrefix(invs[0].StampError, "gave up after 12 attempts") || invs[0].Folio == 0 {
		t.Fatalf("pending invoices = %d (%v); want one given up after 12 attempts, with its folio", len(invs), err)
	}
	evs, _, _, err := f.svc.FindEvents(ctx, sello.EventFilter{TeamID: f.team.ID, Type: "invoice.failed"})
	if err != nil || len(evs) != 1 {
		t.Errorf("invoice.failed events = %d, %v; want 1", len(evs), err)
	}
	t.Logf("all background work ended after %d rounds of two hours", rounds)
}

// refusingPayments is a store whose CreatePayment fails for a passing
// reason the first fails times.
type refusingPayments struct {
	sello.Store
	fails atomic.Int32
}

func (r *refusingPayments) CreatePayment(ctx context.Context, p *sello.Payment, with *sello.PaymentWrites, events ...*sello.Event) error {
	if r.fails.Add(-1) >= 0 {
		return sello.Errorf(sello.Database, "the database is restarting")
	}
	return r.Store.CreatePayment(ctx, p, with, events...)
}

// TestInvoiceAutomationPaymentIsAJob: the payment an invoice's own
// automation asks for is a job its commit opens. When storing the payment
// fails right after the invoice (before, a logged error and no payment),
// the job worker stores it later, once, linked both ways.
func TestInvoiceAutomationPaymentIsAJob(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	store := &refusingPayments{Store: f.store}
	store.fails.Store(2)
	svc := sello.NewService(sello.Config{Store: store, Now: f.clk.now, TestStamper: f.pac})
	inv, err := svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, AutomationType: "payment"})
	if err != nil || inv.Status != sello.InvoiceValid || inv.PaymentID == "" {
		t.Fatalf("CreateInvoice = %+v, %v; want a valid invoice naming its payment", inv, err)
	}
	if _, err := svc.FindPaymentByID(ctx, f.team.ID, false, inv.PaymentID); sello.ErrorCode(err) != sello.NotFound {
		t.Fatalf("the payment after a failed store = %v, want none yet", err)
	}
	for range 3 {
		f.clk.add(time.Minute)
		if _, err := svc.RunJobs(ctx, 10); err != nil {
			t.Fatal(err)
		}
	}
	p, err := svc.FindPaymentByID(ctx, f.team.ID, false, inv.PaymentID)
	if err != nil || p.Status != sello.PaymentSucceeded || len(p.Invoices) != 1 || p.Invoices[0] != inv.UUID {
		t.Fatalf("the payment after the worker = %+v, %v; want succeeded, linked to %s", p, err, inv.UUID)
	}
	jobs, err := f.store.FindJobs(ctx, f.team.ID, false, inv.ID)
	if err != nil || len(jobs) != 1 || jobs[0].Kind != sello.JobInvoicePayment || jobs[0].DoneAt.IsZero() || jobs[0].Attempts != 2 {
		t.Errorf("the invoice's jobs = %+v, %v; want its payment job done after 2 failed attempts", jobs, err)
	}
	ps, _, _, err := f.store.FindPayments(ctx, sello.PaymentFilter{TeamID: f.team.ID})
	if err != nil || len(ps) != 1 {
		t.Errorf("%d payments stored, want 1", len(ps))
	}
}

// pollingWorker is a store whose CreateInvoice has a worker poll for jobs
// right after the commit, before the request goes on.
type pollingWorker struct {
	sello.Store
	now     func() time.Time
	claimed []*sello.Job
}

func (w *pollingWorker) CreateInvoice(ctx context.Context, inv *sello.Invoice, with *sello.InvoiceWrites, events ...*sello.Event) error {
	if err := w.Store.CreateInvoice(ctx, inv, with, events...); err != nil {
		return err
	}
	jobs, err := w.Store.ClaimJobs(ctx, w.now(), time.Minute, 10, sello.JobKinds...)
	w.claimed = append(w.claimed, jobs...)
	return err
}

// TestInvoiceAutomationPaymentHeldByRequest: the payment job an invoice's
// commit opens is held by the request, so a worker polling right after the
// commit cannot take it, and the payment exists when the request answers.
func TestInvoiceAutomationPaymentHeldByRequest(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	store := &pollingWorker{Store: f.store, now: f.clk.now}
	svc := sello.NewService(sello.Config{Store: store, Now: f.clk.now, TestStamper: f.pac})
	inv, err := svc.CreateInvoice(ctx, f.team, false, &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, AutomationType: "payment"})
	if err != nil {
		t.Fatal(err)
	}
	if len(store.claimed) != 0 {
		t.Errorf("a worker polling after the commit claimed %+v, want nothing", store.claimed[0])
	}
	if p, err := svc.FindPaymentByID(ctx, f.team.ID, false, inv.PaymentID); err != nil || len(p.Invoices) != 1 {
		t.Errorf("the payment when the request answers = %+v, %v; want it stored and linked", p, err)
	}
}

// jobless is a store that stores invoices without their jobs, as a version
// before jobs did.
type jobless struct{ sello.Store }

func (j jobless) CreateInvoice(ctx context.Context, inv *sello.Invoice, with *sello.InvoiceWrites, events ...*sello.Event) error {
	if with != nil {
		w := *with
		w.Jobs = nil
		with = &w
	}
	return j.Store.CreateInvoice(ctx, inv, with, events...)
}

// TestInvoiceAutomationPaymentRepaired: an invoice that an older version
// stored without its automation payment (storing it failed and was only
// logged) and without a job gets its payment when its keyed request is
// retried, as before.
func TestInvoiceAutomationPaymentRepaired(t *testing.T) {
	t.Parallel()
	f := newInvoiceFixture(t)
	ctx := context.Background()
	refusing := &refusingPayments{Store: f.store}
	refusing.fails.Store(1)
	old := sello.NewService(sello.Config{Store: jobless{refusing}, Now: f.clk.now, TestStamper: f.pac})
	key := sello.IdempotencyKey{KeyTeam: f.team.ID, TargetTeam: f.team.ID, Value: "order-17"}
	req := &sello.InvoiceRequest{Client: client(), Items: []sello.ItemRequest{item("100")}, AutomationType: "payment"}
	inv, err := old.CreateInvoice(sello.WithIdempotency(ctx, key, "fp"), f.team, false, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.FindPaymentByID(ctx, f.team.ID, false, inv.PaymentID); sello.ErrorCode(err) != sello.NotFound {
		t.Fatalf("the payment before the retry = %v, want none", err)
	}
	again, err := f.svc.CreateInvoice(sello.WithIdempotency(ctx, key, "fp"), f.team, false, req)
	if err != nil || again.ID != inv.ID {
		t.Fatalf("the retry = %+v, %v; want invoice %s", again, err, inv.ID)
	}
	if p, err := f.store.FindPaymentByID(ctx, f.team.ID, false, inv.PaymentID); err != nil || len(p.Invoices) != 1 || p.Invoices[0] != inv.UUID {
		t.Errorf("the payment after the retry = %+v, %v; want it stored, linked to %s", p, err, inv.UUID)
	}
}
