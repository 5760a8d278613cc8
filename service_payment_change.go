package sello

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/sat"
)

// MarkPaymentPaid records the money of a requested payment (POST
// /payments/{id}/paid): the payment succeeds and its automation runs. With
// the PPD automation an amount is one installment, paid by its own
// complement; the payment stays requires_payment_method until the
// installments reach the total. Errors: NotFound; NotAllowed (already
// succeeded, refunded or canceled); Invalid; Rejected (an amount above what
// is left, or an installment without the PPD automation); Conflict when the
// payment changed meanwhile.
func (s *Service) MarkPaymentPaid(ctx context.Context, team TeamID, livemode bool, id string, req *PaidRequest) (*Payment, error) {
	p, err := s.store.FindPaymentByID(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	if p.Status != PaymentRequiresMethod && p.Status != PaymentFailed {
		return nil, Errorf(NotAllowed, "The payment is %s; only a payment waiting for its money can be marked paid", p.Status)
	}
	var pr Problems
	checkPaymentForm(&pr, req.PaymentForm)
	currency := strings.ToUpper(req.Currency)
	if currency == "" {
		currency = p.Currency
	} else if !inCatalog(sat.MonedaCatalog, currency) || currency == "XXX" {
		pr.Rule("currency", "CFDI40113", "is not a c_Moneda code")
	}
	rate := p.ExchangeRate
	switch {
	case currency == "MXN":
		rate = decimal.NewFromInt(1)
	case req.ExchangeRate.Valid && !req.ExchangeRate.Decimal.IsPositive():
		pr.Rule("exchange_rate", "CFDI40117", "must be greater than 0")
	case req.ExchangeRate.Valid:
		rate = req.ExchangeRate.Decimal
	case currency != p.Currency:
		pr.Missing("exchange_rate")
	}
	if req.Amount.Valid && !req.Amount.Decimal.IsPositive() {
		pr.Add("amount", "must be greater than 0")
	} else if !req.Amount.Valid && currency != p.Currency {
		pr.Missing("amount")
	}
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
	at := s.paymentTime(req.Date)
	left := p.Total.Sub(p.Received())
	inPay := left
	switch {
	case req.Amount.Valid && currency == p.Currency:
		inPay = req.Amount.Decimal
	case req.Amount.Valid:
		// MXN per unit of each currency gives the amount in the payment's.
		inPay = req.Amount.Decimal.Mul(rate).Div(p.ExchangeRate).Round(p.decimals())
	}
	if p.AutomationType != AutomationPPD {
		if !inPay.Equal(p.Total) || currency != p.Currency {
			return nil, fieldRule("amount", "installments are only for the ppd_invoice_and_complement automation; the amount must be the total")
		}
	} else if inPay.GreaterThan(left) {
		return nil, fieldRule("amount", fmt.Sprintf("is above what is left to pay (%s %s)", left.StringFixed(p.decimals()), p.Currency))
	}
	p.PaymentForm, p.UpdatedAt = req.PaymentForm, s.now()
	types := []string{"payment.updated"}
	if p.AutomationType == AutomationPPD {
		amount := inPay
		if req.Amount.Valid {
			amount = req.Amount.Decimal
		}
		p.Installments = append(p.Installments, Installment{Amount: amount, Currency: currency, ExchangeRate: rate,
			InPaymentCurrency: inPay, PaymentForm: req.PaymentForm, Date: at})
	}
	if p.AutomationType != AutomationPPD || p.Received().Equal(p.Total) {
		p.Status, p.SucceededAt, p.AutomationError = PaymentSucceeded, at, nil
		types = []string{"payment.succeeded", "payment.updated"}
	}
	return s.changePayment(ctx, p, types...)
}

// changePayment stores a changed payment with its events and any jobs its
// automation now needs, then runs those jobs for a few seconds at most.
func (s *Service) changePayment(ctx context.Context, p *Payment, types ...string) (*Payment, error) {
	return s.changePaymentWith(ctx, p, Creations{}, types...)
}

// changePaymentWith is changePayment storing what the change's request
// creates (a new client) in the same transaction.
func (s *Service) changePaymentWith(ctx context.Context, p *Payment, cr Creations, types ...string) (*Payment, error) {
	existing, err := s.store.FindJobs(ctx, p.TeamID, p.Livemode, p.ID)
	if err != nil {
		return nil, err
	}
	jobs, err := s.automationJobs(ctx, p, existing)
	if err != nil {
		return nil, err
	}
	events, err := s.creationEvents(cr)
	if err != nil {
		return nil, err
	}
	own, err := s.paymentEvents(p, types...)
	if err != nil {
		return nil, err
	}
	events = append(events, own...)
	if err := s.store.UpdatePayment(ctx, p, &PaymentWrites{Creations: cr, Jobs: jobs}, events...); err != nil {
		return nil, err
	}
	return s.runJobsNow(ctx, p, jobs)
}

// RefundPayment records a refund of a succeeded payment, in full (the
// default) or in part; the payment is refunded once everything was given
// back. No credit note is issued. Errors: NotFound; NotAllowed (not
// succeeded); Invalid; Rejected (above what is left); Conflict.
func (s *Service) RefundPayment(ctx context.Context, team TeamID, livemode bool, id string, req *RefundRequest) (*Payment, error) {
	p, err := s.store.FindPaymentByID(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	if p.Status != PaymentSucceeded {
		return nil, Errorf(NotAllowed, "The payment is %s; only a succeeded payment can be refunded", p.Status)
	}
	left := p.Total.Sub(p.AmountRefunded)
	amount := left
	if req.Amount.Valid {
		amount = req.Amount.Decimal
		if !amount.IsPositive() {
			return nil, invalidField("amount", "must be greater than 0")
		}
	}
	if amount.GreaterThan(left) {
		return nil, fieldRule("amount", fmt.Sprintf("is above what is left to refund (%s %s)", left.StringFixed(p.decimals()), p.Currency))
	}
	external := req.External
	if p.Processor == "stripe" && p.ProcessorRef != "" && s.payProc != nil {
		// Refunded through Stripe first; a Stripe error records nothing.
		key, _, err := s.stripeKeys(ctx, team, livemode)
		if err != nil {
			return nil, err
		}
		if _, err := s.payProc.Refund(ctx, key, p.ProcessorRef, amount, p.Currency); err != nil {
			return nil, err
		}
		external = true
	}
	now := s.now()
	p.Refunds = append(p.Refunds, Refund{ID: s.ids.New("refund_"), Amount: amount, Reason: req.Reason, External: external, CreatedAt: now})
	p.AmountRefunded, p.UpdatedAt = p.AmountRefunded.Add(amount), now
	if p.AmountRefunded.Equal(p.Total) {
		p.Status = PaymentRefunded
	}
	return s.changePayment(ctx, p, "payment.refunded", "payment.updated")
}

// CancelPayment cancels a payment still waiting for its money and for
// which no invoice was issued or is on its way (DELETE /payments/{id}).
// Errors: NotFound; NotAllowed; Conflict.
func (s *Service) CancelPayment(ctx context.Context, team TeamID, livemode bool, id string) (*Payment, error) {
	p, err := s.store.FindPaymentByID(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	if p.Status != PaymentRequiresMethod && p.Status != PaymentFailed {
		return nil, Errorf(NotAllowed, "The payment is %s; only a payment waiting for its money can be canceled", p.Status)
	}
	jobs, err := s.store.FindJobs(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	if len(p.Invoices) > 0 || len(jobs) > 0 {
		return nil, Errorf(NotAllowed, "An invoice was issued for this payment; cancel the invoice instead")
	}
	now := s.now()
	p.Status, p.CanceledAt, p.UpdatedAt = PaymentCanceled, now, now
	return s.changePayment(ctx, p, "payment.canceled", "payment.deleted", "payment.updated")
}

// UpdatePaymentFields applies a partial PUT: line descriptions, the
// automation (only while it is none), the client and metadata. Errors:
// NotFound; Invalid; NotAllowed (changing a set automation); Conflict.
func (s *Service) UpdatePaymentFields(ctx context.Context, team *Team, livemode bool, id string, u *PaymentUpdate) (*Payment, error) {
	p, err := s.store.FindPaymentByID(ctx, team.ID, livemode, id)
	if err != nil {
		return nil, err
	}
	var pr Problems
	for i, d := range u.Descriptions {
		if i >= len(p.Items) {
			pr.Add(fmt.Sprintf("items[%d]", i), "the payment has %d lines", len(p.Items))
		} else if d == "" {
			pr.Add(fmt.Sprintf("items[%d].description", i), "must not be empty")
		} else {
			p.Items[i].Description = d
		}
	}
	var cr Creations
	if u.Client != nil {
		snap, err := s.resolveClient(ctx, team, livemode, *u.Client, &pr, &cr)
		if err != nil {
			return nil, err
		}
		if len(pr) == 0 {
			if p.Client, err = s.fullClient(ctx, team.ID, livemode, snap, &cr); err != nil {
				return nil, err
			}
			p.ClientID = snap.ID
		}
	}
	if err := pr.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if a := u.AutomationType; a != nil && *a != p.AutomationType {
		if p.AutomationType != AutomationNone {
			return nil, Errorf(NotAllowed, "The payment's automation is %s; it can only be set while it is none", p.AutomationType)
		}
		if *a == AutomationPPD && p.Status == PaymentSucceeded {
			return nil, fieldRule("automation_type", "a succeeded payment cannot start a PPD invoice; use pue_invoice")
		}
		p.AutomationType = *a
	}
	for k, v := range u.Metadata {
		if p.Metadata == nil {
			p.Metadata = map[string]any{}
		}
		if v == nil {
			delete(p.Metadata, k)
		} else {
			p.Metadata[k] = v
		}
	}
	p.UpdatedAt = s.now()
	return s.changePaymentWith(ctx, p, cr, "payment.updated")
}

// OpenPayLink checks a payment-page token and returns its payment and team.
// NotFound for a forged or malformed token.
func (s *Service) OpenPayLink(ctx context.Context, token string) (*Payment, *Team, error) {
	var cl payClaims
	if ok, err := s.openLink(ctx, PaySecret, token, &cl); err != nil {
		return nil, nil, err
	} else if !ok {
		return nil, nil, Errorf(NotFound, "payment link not found")
	}
	p, err := s.store.FindPaymentByID(ctx, cl.Team, cl.Livemode, cl.Payment)
	if err != nil {
		return nil, nil, err
	}
	team, err := s.store.FindTeamByID(ctx, cl.Team)
	if err != nil {
		return nil, nil, err
	}
	return p, team, nil
}
