package sello

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// planInvoicePayment checks an invoice's own automation (API.md §11.4
// automation_type) and names the payment it will create, so the invoice
// is stored linked to it: payment needs a PUE invoice, and its payment is
// succeeded; payment_and_complement needs a PPD invoice, and its payment
// waits for the money, which /payments/{id}/paid pays with complements.
// The payment is a job the invoice's commit opens (JobInvoicePayment), so
// it is stored even when the process dies right after the invoice.
func (s *Service) planInvoicePayment(plan *invoicePlan) error {
	inv := plan.inv
	switch inv.AutomationType {
	case "payment":
		if inv.PaymentMethod != "PUE" {
			return fieldRule("automation_type", "payment needs a PUE invoice")
		}
	case "payment_and_complement":
		if inv.PaymentMethod != "PPD" {
			return fieldRule("automation_type", "payment_and_complement needs a PPD invoice")
		}
	default:
		return nil
	}
	if inv.PaymentID == "" {
		inv.PaymentID = s.ids.New("payment_")
	}
	// Held by this request, which runs it right after the invoice's commit.
	j := invoicePaymentJob(inv, s.now())
	j.Lease = j.RunAt.Add(s.leaseFor(JobInvoicePayment))
	plan.jobs = append(plan.jobs, j)
	return nil
}

// ownAutomation reports whether an invoice's own automation asks for a
// payment (an invoice a payment's automation issued names that payment).
func ownAutomation(inv *Invoice) bool {
	return inv.PaymentID != "" && (inv.AutomationType == "payment" || inv.AutomationType == "payment_and_complement")
}

// invoicePaymentJob is the JobInvoicePayment of an invoice.
func invoicePaymentJob(inv *Invoice, now time.Time) *Job {
	return &Job{ID: invoicePaymentJobID(inv.ID), Kind: JobInvoicePayment, TeamID: inv.TeamID, Livemode: inv.Livemode,
		Ref: inv.ID, RunAt: now, CreatedAt: now}
}

// repairInvoicePayment stores the automation payment of an invoice that a
// version without jobs stored without it (storing it failed, and was only
// logged): a keyed retry of its request finds it so. An invoice with its
// job leaves it to the job.
func (s *Service) repairInvoicePayment(ctx context.Context, inv *Invoice) {
	if !ownAutomation(inv) {
		return
	}
	if _, err := s.store.FindPaymentByID(ctx, inv.TeamID, inv.Livemode, inv.PaymentID); ErrorCode(err) != NotFound {
		return
	}
	if jobs, err := s.store.FindJobs(ctx, inv.TeamID, inv.Livemode, inv.ID); err != nil || slices.ContainsFunc(jobs, func(j *Job) bool {
		return j.Kind == JobInvoicePayment
	}) {
		s.runJobNow(ctx, invoicePaymentJobID(inv.ID), JobInvoicePayment, s.runInvoicePaymentJob)
		return
	}
	if err := s.storeInvoicePayment(ctx, inv, invoicePaymentJob(inv, s.now())); err != nil {
		s.logger().Error("the payment of an invoice's automation was not stored", "invoice", inv.ID, "payment", inv.PaymentID, "err", err)
	}
}

// invoicePaymentJobID is the id of an invoice's JobInvoicePayment.
func invoicePaymentJobID(invoiceID string) string { return "job_pay_" + invoiceID }

// runInvoicePaymentJob stores the payment an issued invoice's automation
// asked for, linked to it, unless it exists, and ends the job in the same
// transaction. The payment's own job already holds the invoice (open while
// the invoice waits for its stamp, so the worker links the UUID later). A
// failure is retried (at most maxJobAttempts times, then logged as an
// error and the job ends with it).
func (s *Service) runInvoicePaymentJob(ctx context.Context, j *Job) error {
	inv, err := s.store.FindInvoice(ctx, j.TeamID, j.Livemode, j.Ref)
	if ErrorCode(err) == NotFound {
		return s.endJob(ctx, j, "the invoice no longer exists")
	}
	if err == nil {
		if !ownAutomation(inv) {
			return s.endJob(ctx, j, "the invoice asks for no payment of its own")
		}
		_, err = s.store.FindPaymentByID(ctx, inv.TeamID, inv.Livemode, inv.PaymentID)
		if err == nil {
			return s.endJob(ctx, j, j.LastError) // stored by an earlier attempt
		}
		if ErrorCode(err) == NotFound {
			err = s.storeInvoicePayment(ctx, inv, j)
		}
	}
	if err == nil {
		return nil
	}
	ended, uerr := s.retryJob(ctx, j, err, maxJobAttempts)
	if uerr != nil {
		return uerr
	}
	if ended {
		s.logger().Error("the payment of an invoice's automation was not stored", "invoice", j.Ref, "err", j.LastError)
	}
	return err
}

// storeInvoicePayment stores an invoice's automation payment and ends j
// (the JobInvoicePayment that asked for it) in one transaction.
func (s *Service) storeInvoicePayment(ctx context.Context, inv *Invoice, j *Job) error {
	client, err := s.fullClient(ctx, inv.TeamID, inv.Livemode, inv.Client, nil)
	if err != nil {
		return err
	}
	now := s.now()
	p := &Payment{ID: inv.PaymentID, TeamID: inv.TeamID, Livemode: inv.Livemode, Status: PaymentSucceeded,
		Client: client, ClientID: inv.ClientID, Items: inv.Items, Currency: inv.Currency, ExchangeRate: inv.ExchangeRate,
		Subtotal: inv.Subtotal, Discount: inv.Discount, Taxes: inv.Taxes, Withheld: inv.Withheld, Total: inv.Total,
		AmountRefunded: decimal.Zero, PaymentForm: inv.PaymentForm, AutomationType: AutomationPUE,
		AllowedMethods: []string{"card", "bank"}, Processor: "api", Metadata: inv.Metadata, From: inv.From,
		CreatedAt: now, SucceededAt: now, UpdatedAt: now}
	kind, types := JobPUEInvoice, []string{"payment.created", "payment.succeeded"}
	if inv.AutomationType == "payment_and_complement" {
		p.Status, p.SucceededAt, p.PaymentForm, p.AutomationType = PaymentRequiresMethod, time.Time{}, "", AutomationPPD
		kind, types = JobPPDInvoice, []string{"payment.created"}
		if p.PayToken, err = s.payToken(ctx, p); err != nil {
			return err
		}
	}
	job := &Job{ID: "pjob_" + strings.TrimPrefix(inv.ID, "invoice_"), TeamID: p.TeamID, Livemode: p.Livemode,
		Ref: p.ID, Kind: kind, RunAt: now.Add(5 * time.Second), CreatedAt: now}
	if inv.UUID != "" {
		p.Invoices, job.DoneAt = []string{inv.UUID}, now
	}
	events, err := s.paymentEvents(p, types...)
	if err != nil {
		return err
	}
	ended := *j // j stays open if the payment is not stored
	ended.DoneAt, ended.LastError = now, ""
	return s.store.CreatePayment(ctx, p, &PaymentWrites{Jobs: []*Job{job, &ended}}, events...)
}
