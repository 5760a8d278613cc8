package sello

import (
	"context"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// planInvoicePayment checks an invoice's own automation (API.md §11.4
// automation_type) and names the payment it will create, so the invoice
// is stored linked to it: payment needs a PUE invoice, and its payment is
// succeeded; payment_and_complement needs a PPD invoice, and its payment
// waits for the money, which /payments/{id}/paid pays with complements.
func (s *Service) planInvoicePayment(inv *Invoice) error {
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
	return nil
}

// createInvoicePayment stores the payment an issued invoice's automation
// asked for, linked to it, with its automation's job already holding the
// invoice (open while the invoice waits for its stamp, so the worker links
// the UUID later). The invoice is issued whatever happens here; a failure
// is logged.
func (s *Service) createInvoicePayment(ctx context.Context, inv *Invoice) {
	if inv.PaymentID == "" || (inv.AutomationType != "payment" && inv.AutomationType != "payment_and_complement") {
		return
	}
	if err := s.storeInvoicePayment(ctx, inv); err != nil {
		s.logger().Error("the payment of an invoice's automation was not stored", "invoice", inv.ID, "payment", inv.PaymentID, "err", err)
	}
}

// ensureInvoicePayment is createInvoicePayment for an invoice whose
// issuing process may have died before it (a recovered invoice, or one a
// retried request found): it stores the payment unless it exists.
func (s *Service) ensureInvoicePayment(ctx context.Context, inv *Invoice) {
	if inv.PaymentID == "" {
		return
	}
	if _, err := s.store.FindPaymentByID(ctx, inv.TeamID, inv.Livemode, inv.PaymentID); ErrorCode(err) != NotFound {
		return
	}
	s.createInvoicePayment(ctx, inv)
}

func (s *Service) storeInvoicePayment(ctx context.Context, inv *Invoice) error {
	client, err := s.paymentClient(ctx, inv.TeamID, inv.Livemode, inv.Client)
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
	return s.store.CreatePayment(ctx, p, []*Job{job}, events...)
}
