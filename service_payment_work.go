package sello

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// jobInvoiceID is the id of the invoice a job issues: the same suffix, so
// that a retried job finds the invoice an earlier attempt stored.
func jobInvoiceID(j *Job) string {
	return "invoice_" + strings.TrimPrefix(j.ID, "pjob_")
}

// automationJobs returns the jobs p's automation needs that existing does
// not hold yet: the PUE invoice of a succeeded payment, the PPD invoice of
// a payment with the PPD automation, and one complement per installment.
// The team's avoid_automations_on_currencies setting skips them all.
func (s *Service) automationJobs(ctx context.Context, p *Payment, existing []*Job) ([]*Job, error) {
	settings, err := s.TeamSettings(ctx, p.TeamID)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(settings.AvoidAutomationsOnCurrency, func(c string) bool { return strings.EqualFold(c, p.Currency) }) {
		return nil, nil
	}
	has := func(kind string, installment int) bool {
		return slices.ContainsFunc(existing, func(j *Job) bool { return j.Kind == kind && j.Arg == installment })
	}
	now := s.now()
	var out []*Job
	add := func(kind string, installment int) {
		if !has(kind, installment) {
			out = append(out, &Job{ID: s.ids.New("pjob_"), TeamID: p.TeamID, Livemode: p.Livemode, Ref: p.ID,
				Kind: kind, Arg: installment, RunAt: now, Lease: now.Add(s.paymentLease()), CreatedAt: now})
		}
	}
	switch p.AutomationType {
	case AutomationPUE:
		if p.Status == PaymentSucceeded {
			add(JobPUEInvoice, 0)
		}
	case AutomationReceipt:
		if p.Status == PaymentSucceeded {
			add(JobReceipt, 0)
		}
	case AutomationPPD:
		add(JobPPDInvoice, 0)
		for i := range p.Installments {
			add(JobComplement, i)
		}
	}
	return out, nil
}

// runJobsNow runs jobs just stored by a request (they are claimed for it),
// whatever becomes of the request, and returns the payment as stored after
// them. A job that cannot finish now is left to the worker.
func (s *Service) runJobsNow(ctx context.Context, p *Payment, jobs []*Job) (*Payment, error) {
	if len(jobs) == 0 {
		return p, nil
	}
	ctx = context.WithoutCancel(ctx)
	for _, j := range jobs {
		if err := s.runPaymentJob(ctx, j); err != nil {
			s.logger().Warn("payment automation left to the worker", "payment", p.ID, "job", j.ID, "err", err)
		}
	}
	return s.store.FindPaymentByID(ctx, p.TeamID, p.Livemode, p.ID)
}

// runPaymentJob takes one claimed job one step further. Its invoice has a
// fixed id, so an attempt after a crash finds the invoice an earlier one
// stored instead of issuing another; the job is marked done in the same
// transaction that links the invoice to the payment.
func (s *Service) runPaymentJob(ctx context.Context, j *Job) error {
	p, err := s.store.FindPaymentByID(ctx, j.TeamID, j.Livemode, j.Ref)
	if ErrorCode(err) == NotFound {
		return s.endJob(ctx, j, "the payment no longer exists")
	} else if err != nil {
		if j.Attempts+1 >= maxJobAttempts {
			return s.endJob(ctx, j, gaveUp(j.Attempts+1, err.Error()))
		}
		return s.postpone(ctx, j, err.Error(), retryDelay(j.Attempts+1))
	}
	team, err := s.store.FindTeamByID(ctx, j.TeamID)
	if err != nil {
		return s.jobFailed(ctx, p, j, err)
	}
	if j.Kind == JobReceipt {
		return s.runReceiptJob(ctx, team, p, j)
	}
	inv, err := s.store.FindInvoice(ctx, j.TeamID, j.Livemode, jobInvoiceID(j))
	switch {
	case ErrorCode(err) == NotFound:
		if p.Status == PaymentCanceled {
			return s.endJob(ctx, j, "the payment was canceled")
		}
		if why := jobWaits(p, j); why != "" {
			if p.AutomationError != nil {
				// What it waits for failed: it will never come.
				return s.jobFailed(ctx, p, j, Errorf(Rejected, "Not issued: %s, which failed", strings.TrimPrefix(why, "waiting for ")))
			}
			return s.wait(ctx, j, why, 2*time.Second)
		}
		inv, err = s.issueFor(ctx, team, p, j)
		if err != nil {
			return s.jobFailed(ctx, p, j, err)
		}
	case err != nil:
		return s.jobFailed(ctx, p, j, err)
	}
	switch {
	case inv.StampGivenUp():
		// The job worker gave up on the provider.
		return s.jobFailed(ctx, p, j, Errorf(StampRejected, "Not stamped: %s", inv.StampError))
	case inv.Status == InvoiceDraft:
		// The provider refused the document; the worker made it a draft again.
		return s.jobFailed(ctx, p, j, Errorf(StampRejected, "The stamping provider refused the invoice: %s", inv.StampError))
	case inv.Status == InvoicePending || inv.UUID == "":
		// The job worker stamps it; link it once it has its UUID.
		return s.wait(ctx, j, "waiting for the stamping provider", 5*time.Second)
	}
	return s.linkInvoice(ctx, p, j, inv)
}

// jobWaits says why a job cannot run yet: a complement needs the PPD
// invoice and the complements of the earlier installments.
func jobWaits(p *Payment, j *Job) string {
	if j.Kind != JobComplement {
		return ""
	}
	if len(p.Invoices) == 0 {
		return "waiting for the PPD invoice"
	}
	for k := 0; k < j.Arg && k < len(p.Installments); k++ {
		if p.Installments[k].InvoiceUUID == "" {
			return fmt.Sprintf("waiting for the complement of installment %d", k+1)
		}
	}
	if j.Arg >= len(p.Installments) {
		return "the installment is not stored yet"
	}
	return ""
}

// issueFor issues the invoice of a job.
func (s *Service) issueFor(ctx context.Context, team *Team, p *Payment, j *Job) (*Invoice, error) {
	switch j.Kind {
	case JobPUEInvoice:
		return s.automationInvoice(ctx, team, p, jobInvoiceID(j), "PUE")
	case JobPPDInvoice:
		return s.automationInvoice(ctx, team, p, jobInvoiceID(j), "PPD")
	case JobComplement:
		in := p.Installments[j.Arg]
		req := &ComplementRequest{Invoices: []PaidInvoice{{Invoice: p.Invoices[0], Amount: in.Amount}},
			PaymentForm: in.PaymentForm, Date: in.Date, Currency: in.Currency, SendEmail: p.SendEmail,
			Emails: p.Emails, PaymentID: p.ID}
		if in.Currency != "MXN" {
			req.ExchangeRate = decimal.NewNullDecimal(in.ExchangeRate)
		}
		return s.issueComplement(ctx, team, p.Livemode, req, jobInvoiceID(j))
	}
	return nil, Errorf(Internal, "unknown payment job kind %q", j.Kind)
}

// automationInvoice issues the PUE or PPD invoice of a payment's lines,
// linked to the payment.
func (s *Service) automationInvoice(ctx context.Context, team *Team, p *Payment, id, method string) (*Invoice, error) {
	settings, err := s.TeamSettings(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	items := ItemRequests(p.Items)
	for i := range items {
		items[i].ServiceID = "" // the lines are complete; a deleted service must not stop them
	}
	req := &InvoiceRequest{Client: ClientRef{ID: p.ClientID}, Items: items, PaymentMethod: method,
		PaymentForm: p.PaymentForm, Currency: p.Currency, AutomationType: "payment",
		SendEmail: p.SendEmail, Emails: p.Emails, PaymentID: p.ID, From: "api"}
	if method == "PPD" {
		req.PaymentForm, req.AutomationType = "99", "payment_and_complement"
	}
	if p.Currency != "MXN" {
		req.ExchangeRate = decimal.NewNullDecimal(p.ExchangeRate)
	}
	if c := p.InvoiceConfig; c != nil {
		req.Series, req.Folio = c.Serie, c.Folio
	}
	plan, err := s.planInvoice(ctx, team, p.Livemode, req, settings)
	if err != nil {
		return nil, err
	}
	plan.inv.ID = id
	inv, err := s.issue(ctx, team, p.Livemode, plan, req.Folio, nil)
	if err != nil {
		return nil, err
	}
	s.sendAfterIssue(ctx, team, inv, settings)
	return inv, nil
}

// linkInvoice records a job's invoice on its payment and ends the job, in
// one transaction (retried over concurrent changes of the payment).
func (s *Service) linkInvoice(ctx context.Context, p *Payment, j *Job, inv *Invoice) error {
	for attempt := 0; ; attempt++ {
		if !slices.Contains(p.Invoices, inv.UUID) {
			p.Invoices = append(p.Invoices, inv.UUID)
		}
		if j.Kind == JobComplement && j.Arg < len(p.Installments) {
			p.Installments[j.Arg].InvoiceUUID = inv.UUID
		}
		p.UpdatedAt, j.DoneAt, j.LastError = s.now(), s.now(), ""
		events, err := s.paymentEvents(p, "payment.updated")
		if err != nil {
			return err
		}
		err = s.store.UpdatePayment(ctx, p, &PaymentWrites{Jobs: []*Job{j}}, events...)
		if ErrorCode(err) != Conflict || attempt >= 5 {
			return err
		}
		if p, err = s.store.FindPaymentByID(ctx, p.TeamID, p.Livemode, p.ID); err != nil {
			return err
		}
	}
}

// jobFailed handles an automation that could not issue its invoice. A
// refusal (a bad field, a business rule, the provider rejecting the
// document) ends the job at once; a passing failure (the provider or the
// database unavailable, an unexpected error) is retried later, until
// maxJobAttempts. Either way the end is visible: automation_error on the
// payment, the job done with its last error, and invoice.failed recorded.
func (s *Service) jobFailed(ctx context.Context, p *Payment, j *Job, cause error) error {
	code := ErrorCode(cause)
	msg := cause.Error()
	var e *Error
	if errors.As(cause, &e) {
		msg = e.Message
		for _, f := range e.Fields {
			msg += "; " + f.String()
		}
	}
	switch code {
	case Invalid, Rejected, StampRejected, AlreadyExists, NotFound:
	default:
		if j.Attempts+1 < maxJobAttempts {
			return s.postpone(ctx, j, cause.Error(), retryDelay(j.Attempts+1))
		}
		j.Attempts++
		msg = gaveUp(j.Attempts, msg)
	}
	for attempt := 0; ; attempt++ {
		if p.AutomationError == nil { // the first failure is the cause of the others
			p.AutomationError = &AutomationError{Code: string(code), Message: msg}
		}
		p.UpdatedAt, j.DoneAt, j.LastError = s.now(), s.now(), msg
		events, err := s.paymentEvents(p, "payment.updated")
		if err != nil {
			return err
		}
		if code != StampRejected && j.Kind != JobReceipt { // issue already recorded invoice.failed; a receipt is no invoice
			failed := &Invoice{ID: jobInvoiceID(j), TeamID: p.TeamID, Livemode: p.Livemode, Status: InvoiceFailed,
				Type: map[bool]string{true: "P", false: "I"}[j.Kind == JobComplement], Currency: p.Currency,
				PaymentID: p.ID, StampError: msg, CreatedAt: s.now(), UpdatedAt: s.now()}
			ev, err := s.newEvent(p.TeamID, p.Livemode, "invoice.failed", failed.ID, failed)
			if err != nil {
				return err
			}
			events = append([]*Event{ev}, events...)
		}
		err = s.store.UpdatePayment(ctx, p, &PaymentWrites{Jobs: []*Job{j}}, events...)
		if ErrorCode(err) != Conflict || attempt >= 5 {
			return err
		}
		if p, err = s.store.FindPaymentByID(ctx, p.TeamID, p.Livemode, p.ID); err != nil {
			return err
		}
	}
}

// wait gives a job that waits for other work back to the worker after
// delay, without counting an attempt.
func (s *Service) wait(ctx context.Context, j *Job, why string, delay time.Duration) error {
	j.LastError, j.RunAt = why, s.now().Add(delay)
	if err := s.store.UpdateJob(context.WithoutCancel(ctx), j); err != nil {
		return err
	}
	return fmt.Errorf("payment job %s left for later: %s", j.ID, why)
}

// postpone gives a job that failed for a passing reason back to the worker
// after delay, counting the attempt.
func (s *Service) postpone(ctx context.Context, j *Job, why string, delay time.Duration) error {
	j.Attempts++
	return s.wait(ctx, j, why, delay)
}

// runReceiptJob makes the receipt of a succeeded payment with the receipt
// automation (API.md §11.5) and links it, once: the receipt has the job's
// fixed id, so a retry after a crash finds it instead of making another.
func (s *Service) runReceiptJob(ctx context.Context, team *Team, p *Payment, j *Job) error {
	id := "receipt_" + strings.TrimPrefix(j.ID, "pjob_")
	r, err := s.store.FindReceiptByID(ctx, p.TeamID, p.Livemode, id)
	if ErrorCode(err) == NotFound {
		items := ItemRequests(p.Items)
		for i := range items {
			items[i].ServiceID = ""
		}
		req := &ReceiptRequest{ID: id, Items: items, Currency: p.Currency, PaymentForm: p.PaymentForm,
			InvoiceConfig: p.InvoiceConfig, PaymentID: p.ID, From: "api"}
		if p.ClientID != "" {
			req.Client = &ClientRef{ID: p.ClientID}
		}
		if p.Currency != "MXN" {
			req.ExchangeRate = decimal.NewNullDecimal(p.ExchangeRate)
		}
		r, err = s.CreateReceipt(ctx, team, p.Livemode, req)
		if ErrorCode(err) == AlreadyExists {
			r, err = s.store.FindReceiptByID(ctx, p.TeamID, p.Livemode, id)
		}
	}
	if err != nil {
		return s.jobFailed(ctx, p, j, err)
	}
	for attempt := 0; ; attempt++ {
		p.ReceiptID, p.UpdatedAt, j.DoneAt, j.LastError = r.ID, s.now(), s.now(), ""
		events, err := s.paymentEvents(p, "payment.updated")
		if err != nil {
			return err
		}
		err = s.store.UpdatePayment(ctx, p, &PaymentWrites{Jobs: []*Job{j}}, events...)
		if ErrorCode(err) != Conflict || attempt >= 5 {
			return err
		}
		if p, err = s.store.FindPaymentByID(ctx, p.TeamID, p.Livemode, p.ID); err != nil {
			return err
		}
	}
}
