// Package stripe is Sello's payment processor over Stripe
// (github.com/stripe/stripe-go): it creates the Checkout Session of a
// requested payment with the team's own secret key, refunds it, and
// verifies and reads the events Stripe posts to Sello's webhook endpoint.
package stripe

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	stripego "github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// tolerance is how far the timestamp of an event's signature may be from
// now (Stripe's default: five minutes), against replays.
const tolerance = 5 * time.Minute

// Processor implements sello.Processor over Stripe's API.
type Processor struct {
	url string // "" is Stripe's API; else another server (stripe-mock)
}

var _ sello.Processor = (*Processor)(nil)

// New returns a Processor that calls Stripe's API at apiURL: "" for
// Stripe itself, or the address of stripe-mock in tests.
func New(apiURL string) *Processor { return &Processor{url: strings.TrimRight(apiURL, "/")} }

// methodTypes maps Sello's allowed_payment_methods to Stripe's
// payment_method_types; SPEI through Stripe is a bank transfer into the
// customer balance.
var methodTypes = map[string]string{"card": "card", "oxxo": "oxxo", "stripe-spei": "customer_balance"}

func (p *Processor) client(key string) *stripego.Client {
	if p.url == "" {
		return stripego.NewClient(key)
	}
	b := stripego.GetBackendWithConfig(stripego.APIBackend, &stripego.BackendConfig{URL: stripego.String(p.url),
		LeveledLogger: &stripego.LeveledLogger{Level: stripego.LevelNull}})
	return stripego.NewClient(key, stripego.WithBackends(&stripego.Backends{API: b, Connect: b, Uploads: b, MeterEvents: b}))
}

// CreateCheckout creates the Checkout Session of a requested payment: one
// line for its total, in its currency and smallest unit, with its id in the
// metadata of the session and of its PaymentIntent.
func (p *Processor) CreateCheckout(ctx context.Context, secretKey string, pay *sello.Payment, methods []string, returnURL string) (*sello.Checkout, error) {
	name := "Pago " + pay.ID
	if len(pay.Items) == 1 {
		name = pay.Items[0].Description
	}
	params := &stripego.CheckoutSessionCreateParams{
		Mode:       stripego.String("payment"),
		SuccessURL: stripego.String(returnURL),
		CancelURL:  stripego.String(returnURL),
		LineItems: []*stripego.CheckoutSessionCreateLineItemParams{{
			Quantity: stripego.Int64(1),
			PriceData: &stripego.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:    stripego.String(strings.ToLower(pay.Currency)),
				UnitAmount:  stripego.Int64(pay.Cents()),
				ProductData: &stripego.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripego.String(name)},
			},
		}},
		PaymentIntentData: &stripego.CheckoutSessionCreatePaymentIntentDataParams{
			Metadata: map[string]string{"sello_payment": pay.ID, "sello_team": string(pay.TeamID)},
		},
	}
	for _, m := range methods {
		if t, ok := methodTypes[m]; ok {
			params.PaymentMethodTypes = append(params.PaymentMethodTypes, stripego.String(t))
		}
	}
	params.AddMetadata("sello_payment", pay.ID)
	params.AddMetadata("sello_team", string(pay.TeamID))
	params.SetIdempotencyKey("sello_" + pay.ID)
	cs, err := p.client(secretKey).V1CheckoutSessions.Create(ctx, params)
	if err != nil {
		return nil, refused(err, "Stripe refused to create the checkout")
	}
	return &sello.Checkout{ID: cs.ID, URL: cs.URL}, nil
}

// Refund refunds part or all of a PaymentIntent.
func (p *Processor) Refund(ctx context.Context, secretKey, intentID string, amount decimal.Decimal, currency string) (string, error) {
	cents := amount.Shift(2).Round(0).IntPart()
	params := &stripego.RefundCreateParams{PaymentIntent: stripego.String(intentID), Amount: stripego.Int64(cents)}
	r, err := p.client(secretKey).V1Refunds.Create(ctx, params)
	if err != nil {
		return "", refused(err, "Stripe refused the refund")
	}
	return r.ID, nil
}

// refused wraps a Stripe failure: its message is safe to show.
func refused(err error, msg string) error {
	var se *stripego.Error
	if errors.As(err, &se) && se.Msg != "" {
		msg += ": " + se.Msg
	}
	return sello.Wrap(sello.PaymentProcessor, err, msg)
}

// ParseEvent verifies the Stripe-Signature header of an event with the
// endpoint's signing secret and reads the PaymentIntent it carries.
func (p *Processor) ParseEvent(payload []byte, signature, webhookSecret string, now time.Time) (*sello.ProcessorEvent, error) {
	ev, err := webhook.ConstructEventWithOptions(payload, signature, webhookSecret,
		webhook.ConstructEventOptions{IgnoreTolerance: true, IgnoreAPIVersionMismatch: true})
	if err != nil {
		return nil, sello.Wrap(sello.Invalid, err, "The Stripe-Signature header does not verify")
	}
	if !fresh(signature, now) {
		return nil, sello.Errorf(sello.Invalid, "The Stripe-Signature timestamp is too old")
	}
	out := &sello.ProcessorEvent{ID: ev.ID, Type: string(ev.Type), Livemode: ev.Livemode}
	if ev.Data == nil {
		return out, nil
	}
	switch {
	case strings.HasPrefix(out.Type, "checkout.session."):
		var cs stripego.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
			return nil, sello.Wrap(sello.Invalid, err, "The Stripe event does not hold a Checkout Session")
		}
		out.PaymentID, out.Paid = cs.Metadata["sello_payment"], cs.PaymentStatus == stripego.CheckoutSessionPaymentStatusPaid
		if cs.PaymentIntent != nil {
			out.IntentID = cs.PaymentIntent.ID
		}
		if len(cs.PaymentMethodTypes) > 0 {
			out.Method = cs.PaymentMethodTypes[0]
		}
	case strings.HasPrefix(out.Type, "payment_intent."):
		var pi stripego.PaymentIntent
		if err := json.Unmarshal(ev.Data.Raw, &pi); err != nil {
			return nil, sello.Wrap(sello.Invalid, err, "The Stripe event does not hold a PaymentIntent")
		}
		out.IntentID, out.PaymentID = pi.ID, pi.Metadata["sello_payment"]
		out.Paid = pi.Status == stripego.PaymentIntentStatusSucceeded
		if pi.PaymentMethod != nil && pi.PaymentMethod.Type != "" {
			out.Method = string(pi.PaymentMethod.Type)
		} else if len(pi.PaymentMethodTypes) > 0 {
			out.Method = pi.PaymentMethodTypes[0]
		}
		if e := pi.LastPaymentError; e != nil {
			out.Failure = e.Msg
		}
	}
	return out, nil
}

// fresh checks the t= timestamp of a Stripe-Signature header against now.
func fresh(header string, now time.Time) bool {
	for _, part := range strings.Split(header, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "t="); ok {
			secs, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return false
			}
			d := now.Sub(time.Unix(secs, 0))
			return d < tolerance && d > -tolerance
		}
	}
	return false
}
