package sello

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/sat"
)

// RegisterPayment records money already received (POST /payments/register):
// the payment is succeeded at once, and its automation (pue_invoice by
// default) is stored in the same transaction and run before returning, for
// a few seconds at most; past them the background worker finishes it.
// Errors: Invalid (naming each bad field), Rejected (a business rule).
func (s *Service) RegisterPayment(ctx context.Context, team *Team, livemode bool, req *PaymentRequest) (*Payment, error) {
	if req.AutomationType == "" {
		req.AutomationType = AutomationPUE
	}
	if req.PaymentForm == "" {
		req.PaymentForm = "03"
	}
	p, cr, err := s.newPayment(ctx, team, livemode, req, true)
	if err != nil {
		return nil, err
	}
	at := req.Date
	if at.IsZero() {
		at = p.CreatedAt
	}
	p.Status, p.PaymentForm, p.SucceededAt = PaymentSucceeded, req.PaymentForm, at
	if p.AutomationType == AutomationPPD {
		p.Installments = []Installment{{Amount: p.Total, Currency: p.Currency, ExchangeRate: p.ExchangeRate,
			InPaymentCurrency: p.Total, PaymentForm: p.PaymentForm, Date: at}}
	}
	return s.storeNewPayment(ctx, p, cr, "payment.created", "payment.succeeded")
}

// RequestPayment creates a payment waiting for its money (POST
// /payments/request and the seed surface's POST /payments), with the token
// of its hosted payment page. With the PPD automation the PPD invoice is
// issued now. Errors as RegisterPayment.
func (s *Service) RequestPayment(ctx context.Context, team *Team, livemode bool, req *PaymentRequest) (*Payment, error) {
	if req.AutomationType == "" {
		req.AutomationType = AutomationNone
	}
	p, cr, err := s.newPayment(ctx, team, livemode, req, false)
	if err != nil {
		return nil, err
	}
	p.Status = PaymentRequiresMethod
	if p.PayToken, err = s.payToken(ctx, p); err != nil {
		return nil, err
	}
	if err := s.startCheckout(ctx, p); err != nil {
		return nil, err
	}
	return s.storeNewPayment(ctx, p, cr, "payment.created")
}

// newPayment checks a request and computes its lines. It writes nothing:
// the client or services the request creates are returned, to be stored
// with the payment.
func (s *Service) newPayment(ctx context.Context, team *Team, livemode bool, req *PaymentRequest, register bool) (*Payment, Creations, error) {
	var cr Creations
	if req.AutomationType != AutomationNone {
		// Its invoice would be refused once the payment is stored: refuse
		// the payment first.
		if err := team.CheckIssuer(); err != nil {
			return nil, cr, err
		}
	}
	var p Problems
	currency := strings.ToUpper(req.Currency)
	if currency == "" {
		currency = "MXN"
	} else if !inCatalog(sat.MonedaCatalog, currency) || currency == "XXX" {
		p.Rule("currency", "CFDI40113", "is not a c_Moneda code")
		currency = "MXN"
	}
	rate := decimal.NewFromInt(1)
	if currency != "MXN" {
		switch {
		case !req.ExchangeRate.Valid:
			p.Missing("exchange_rate")
		case !req.ExchangeRate.Decimal.IsPositive():
			p.Rule("exchange_rate", "CFDI40117", "must be greater than 0")
		default:
			rate = req.ExchangeRate.Decimal
		}
	}
	auto := req.AutomationType
	if !slices.Contains([]string{AutomationPUE, AutomationPPD, AutomationReceipt, AutomationNone}, auto) {
		p.Add("automation_type", "must be pue_invoice, ppd_invoice_and_complement, receipt or none")
	}
	if register {
		checkPaymentForm(&p, req.PaymentForm)
	}
	methods := req.AllowedMethods
	if methods == nil {
		methods = []string{"card", "bank"}
	}
	for i, m := range methods {
		if !slices.Contains(paymentMethods, m) {
			p.Add(fmt.Sprintf("allowed_payment_methods[%d]", i), "must be one of %s", strings.Join(paymentMethods, ", "))
		}
	}
	snap, err := s.resolveClient(ctx, team, livemode, req.Client, &p, &cr)
	if err != nil {
		return nil, cr, err
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, cr, err
	}
	items, totals, err := s.ComputeItems(ctx, team, livemode, currency, req.Items, &cr)
	if err != nil {
		return nil, cr, err
	}
	client, err := s.fullClient(ctx, team.ID, livemode, snap, &cr)
	if err != nil {
		return nil, cr, err
	}
	from := req.From
	if from == "" {
		from = "api"
	}
	now := s.now()
	return &Payment{
		ID: s.ids.New("payment_"), TeamID: team.ID, Livemode: livemode, Client: client, ClientID: snap.ID,
		Items: items, Currency: currency, ExchangeRate: rate,
		Subtotal: totals.Subtotal, Discount: totals.Discount, Taxes: totals.Taxes, Withheld: totals.Withheld, Total: totals.Total,
		AmountRefunded: decimal.Zero, AutomationType: auto, AllowedMethods: methods, Emails: req.Emails,
		SendEmail: req.SendEmail, Processor: "api", InvoiceConfig: req.InvoiceConfig,
		IdempotencyKey: req.IdempotencyKey, Metadata: req.Metadata, From: from, CreatedAt: now, UpdatedAt: now,
	}, cr, nil
}

// storeNewPayment stores a new payment with what its request creates, its
// events and the jobs its automation needs, then runs those jobs for a few
// seconds at most.
func (s *Service) storeNewPayment(ctx context.Context, p *Payment, cr Creations, eventTypes ...string) (*Payment, error) {
	jobs, err := s.automationJobs(ctx, p, nil)
	if err != nil {
		return nil, err
	}
	events, err := s.creationEvents(cr)
	if err != nil {
		return nil, err
	}
	own, err := s.paymentEvents(p, eventTypes...)
	if err != nil {
		return nil, err
	}
	events = append(events, own...)
	if err := s.store.CreatePayment(ctx, p, &PaymentWrites{Creations: cr, Jobs: jobs}, events...); err != nil {
		return nil, fmt.Errorf("store payment: %w", err)
	}
	return s.runJobsNow(ctx, p, jobs)
}
