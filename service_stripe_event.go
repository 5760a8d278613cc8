package sello

import "context"

// HandleStripeEvent takes an event Stripe posted for a team: it verifies
// its signature with the team's webhook signing secret (of either mode),
// then a paid checkout (or PaymentIntent) marks its payment succeeded
// (running the automation) and a failed one marks it failed. Other events, and events of
// payments already settled, change nothing. Invalid when the signature does
// not verify (nothing changes); NotFound when the team has no Stripe.
func (s *Service) HandleStripeEvent(ctx context.Context, team TeamID, payload []byte, signature string) error {
	if s.payProc == nil {
		return Errorf(NotFound, "Stripe is not configured on this server")
	}
	var ev *ProcessorEvent
	var live, connected bool
	for _, mode := range []bool{false, true} {
		_, hook, err := s.stripeKeys(ctx, team, mode)
		if ErrorCode(err) == NotFound {
			continue
		} else if err != nil {
			return err
		}
		connected = true
		if e, err := s.payProc.ParseEvent(payload, signature, hook, s.now()); err == nil {
			ev, live = e, mode
			break
		}
	}
	switch {
	case !connected:
		return Errorf(NotFound, "The team has not connected Stripe")
	case ev == nil:
		return Errorf(Invalid, "The Stripe-Signature header does not verify")
	}
	if stripeOutcome(ev) == "" {
		return nil
	}
	for attempt := 0; ; attempt++ {
		err := s.applyStripeEvent(ctx, team, live, ev)
		if ErrorCode(err) != Conflict || attempt >= 3 {
			return err
		}
	}
}

// stripeOutcome says what an event means for its payment: "succeeded",
// "failed", or "" (nothing).
func stripeOutcome(ev *ProcessorEvent) string {
	switch ev.Type {
	case "checkout.session.completed":
		if ev.Paid {
			return "succeeded"
		}
	case "checkout.session.async_payment_succeeded", "payment_intent.succeeded":
		return "succeeded"
	case "checkout.session.async_payment_failed", "payment_intent.payment_failed":
		return "failed"
	}
	return ""
}

// applyStripeEvent records a checkout's outcome on its payment. Events of
// payments already settled change nothing, so Stripe's retries and its
// several events of one payment are harmless.
func (s *Service) applyStripeEvent(ctx context.Context, team TeamID, live bool, ev *ProcessorEvent) error {
	p, err := s.store.FindPaymentByID(ctx, team, live, ev.PaymentID)
	if ErrorCode(err) == NotFound {
		return nil // not a payment of this team: acknowledged, nothing to do
	} else if err != nil {
		return err
	}
	if p.Status != PaymentRequiresMethod && p.Status != PaymentFailed {
		return nil
	}
	now := s.now()
	p.UpdatedAt = now
	if ev.IntentID != "" {
		p.ProcessorRef = ev.IntentID // refunds name the PaymentIntent
	}
	if stripeOutcome(ev) == "failed" {
		if p.Status == PaymentFailed {
			return nil
		}
		p.Status = PaymentFailed
		_, err := s.changePayment(ctx, p, "payment.failed", "payment.updated")
		return err
	}
	form := processorForm[ev.Method]
	if form == "" {
		form = "04"
	}
	p.Status, p.SucceededAt, p.PaymentForm, p.Processor, p.AutomationError = PaymentSucceeded, now, form, "stripe", nil
	if p.AutomationType == AutomationPPD {
		left := p.Total.Sub(p.Received())
		p.Installments = append(p.Installments, Installment{Amount: left, Currency: p.Currency, ExchangeRate: p.ExchangeRate,
			InPaymentCurrency: left, PaymentForm: form, Date: now})
	}
	_, err = s.changePayment(ctx, p, "payment.succeeded", "payment.updated")
	return err
}
