package sello

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// Processor is the payment processor that collects card, OXXO and SPEI payments for the teams
// that connected it: Stripe, the one integrated processor (API.md §11.5).
// Each call carries the team's own secret key. Methods return an *Error
// with code PaymentProcessor when the processor refuses or cannot be
// reached.
type Processor interface {
	// CreateCheckout creates the processor's hosted checkout of a requested
	// payment (a Stripe Checkout Session for its total, offering methods,
	// coming back to returnURL). Its payment carries the payment's id, so
	// the processor's events name the payment.
	CreateCheckout(ctx context.Context, secretKey string, p *Payment, methods []string, returnURL string) (*Checkout, error)
	// Refund refunds amount (in the payment's currency) of a payment
	// collected through the processor and returns the processor's refund id.
	Refund(ctx context.Context, secretKey, intentID string, amount decimal.Decimal, currency string) (string, error)
	// ParseEvent verifies an event the processor posted (its signature
	// header, with the team's webhook signing secret, at time now) and
	// reads it. Invalid when the signature does not verify.
	ParseEvent(payload []byte, signature, webhookSecret string, now time.Time) (*ProcessorEvent, error)
}

// Checkout is the processor's hosted page where a payment is made.
type Checkout struct {
	ID  string // cs_…
	URL string // where the payer goes to pay
}

// ProcessorEvent is what Sello reads of a processor's event.
type ProcessorEvent struct {
	ID   string
	Type string // payment_intent.succeeded, payment_intent.payment_failed, …
	// PaymentID is the Sello payment the object belongs to ("" when none).
	PaymentID string
	// IntentID is the PaymentIntent that holds the money (refunds use it).
	IntentID string
	// Paid says a completed checkout holds the money already (a card);
	// for OXXO and SPEI the money comes later, in another event.
	Paid     bool
	Livemode bool
	// Method is how the money came: card, oxxo, customer_balance (SPEI).
	Method string
	// Failure is the processor's message of a failed charge.
	Failure string
}
