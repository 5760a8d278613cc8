package stripe_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/stripe"
	"github.com/sello-mx/sello/stripe/stripetest"
)

func TestIntentAndRefundAgainstStripeMock(t *testing.T) {
	t.Parallel()
	p := stripe.New(stripetest.Mock(t))
	ctx := context.Background()
	pay := &sello.Payment{ID: "payment_1", TeamID: "team_1", Currency: "MXN", Total: decimal.RequireFromString("1160")}
	co, err := p.CreateCheckout(ctx, "sk_test_123", pay, []string{"card", "oxxo", "bank"}, "https://sello.example/pay/t")
	if err != nil || co.ID == "" || co.URL == "" {
		t.Fatalf("CreateCheckout = %+v, %v", co, err)
	}
	ref, err := p.Refund(ctx, "sk_test_123", "pi_123", decimal.RequireFromString("160"), "MXN")
	if err != nil || ref == "" {
		t.Fatalf("Refund = %q, %v", ref, err)
	}
	down := stripe.New("http://127.0.0.1:1")
	if _, err := down.CreateCheckout(ctx, "sk_test_123", pay, []string{"card"}, "https://sello.example/pay/t"); sello.ErrorCode(err) != sello.PaymentProcessor {
		t.Errorf("CreateCheckout(unreachable) = %v, want PaymentProcessor", err)
	}
}

// signedEvent is a Stripe event of a PaymentIntent, signed as Stripe signs.
func signedEvent(typ, payment, secret string, at time.Time) ([]byte, string) {
	body, _ := json.Marshal(map[string]any{"id": "evt_1", "object": "event", "type": typ, "livemode": false,
		"api_version": "2025-07-30.basil",
		"data": map[string]any{"object": map[string]any{"id": "pi_1", "object": "payment_intent",
			"metadata": map[string]string{"sello_payment": payment}, "payment_method_types": []string{"oxxo"},
			"last_payment_error": map[string]any{"message": "declined"}}}})
	s := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: at})
	return body, s.Header
}

func TestParseEvent(t *testing.T) {
	t.Parallel()
	p := stripe.New("")
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	body, sig := signedEvent("payment_intent.succeeded", "payment_7", "whsec_a", now)
	ev, err := p.ParseEvent(body, sig, "whsec_a", now.Add(time.Minute))
	if err != nil {
		t.Fatalf("ParseEvent = %v", err)
	}
	if got := fmt.Sprintf("%s %s %s %s %s", ev.Type, ev.PaymentID, ev.IntentID, ev.Method, ev.Failure); got != "payment_intent.succeeded payment_7 pi_1 oxxo declined" {
		t.Errorf("ParseEvent = %s", got)
	}
	cs, _ := json.Marshal(map[string]any{"id": "evt_2", "object": "event", "type": "checkout.session.completed",
		"data": map[string]any{"object": map[string]any{"id": "cs_1", "object": "checkout.session", "payment_status": "paid",
			"payment_intent": "pi_9", "metadata": map[string]string{"sello_payment": "payment_8"}, "payment_method_types": []string{"card"}}}})
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: cs, Secret: "whsec_a", Timestamp: now})
	ev, err = p.ParseEvent(cs, signed.Header, "whsec_a", now)
	if err != nil || fmt.Sprintf("%s %s %s %v", ev.Type, ev.PaymentID, ev.IntentID, ev.Paid) != "checkout.session.completed payment_8 pi_9 true" {
		t.Errorf("ParseEvent(checkout) = %+v, %v", ev, err)
	}
	for _, tc := range []struct {
		name, body, sig, secret string
		now                     time.Time
	}{
		{"other secret", string(body), sig, "whsec_b", now},
		{"no header", string(body), "", "whsec_a", now},
		{"changed body", string(body) + " ", sig, "whsec_a", now},
		{"replayed later", string(body), sig, "whsec_a", now.Add(time.Hour)},
		{"garbage header", string(body), "t=x,v1=00", "whsec_a", now},
	} {
		if _, err := p.ParseEvent([]byte(tc.body), tc.sig, tc.secret, tc.now); sello.ErrorCode(err) != sello.Invalid {
			t.Errorf("ParseEvent(%s) = %v, want Invalid", tc.name, err)
		}
	}
}
