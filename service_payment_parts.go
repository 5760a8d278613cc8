package sello

import (
	"context"
	"fmt"
	"time"
)

// fullClient is the full snapshot of the client a payment or receipt names
// (nil for the general public): one the request creates (cr), or the
// stored one.
func (s *Service) fullClient(ctx context.Context, team TeamID, livemode bool, snap InvoiceClient, cr *Creations) (*Client, error) {
	if snap.ID == "" {
		return nil, nil
	}
	if c := cr.client(snap.ID); c != nil {
		return c, nil // created with the payment or receipt
	}
	c, err := s.store.FindClientByID(ctx, team, livemode, snap.ID)
	if err != nil {
		return nil, fmt.Errorf("find client: %w", err)
	}
	return c, nil
}

// paymentEvents renders the events of a change to p, in order.
func (s *Service) paymentEvents(p *Payment, types ...string) ([]*Event, error) {
	out := make([]*Event, 0, len(types))
	for _, t := range types {
		ev, err := s.newEvent(p.TeamID, p.Livemode, t, p.ID, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}

// FindPaymentByID returns a payment of the team and mode. NotFound if none.
func (s *Service) FindPaymentByID(ctx context.Context, team TeamID, livemode bool, id string) (*Payment, error) {
	return s.store.FindPaymentByID(ctx, team, livemode, id)
}

// FindPayments returns one page of a team's payments in one mode.
func (s *Service) FindPayments(ctx context.Context, f PaymentFilter) ([]*Payment, bool, int, error) {
	return s.store.FindPayments(ctx, f)
}

// paymentTime reads a paid date, defaulting to now.
func (s *Service) paymentTime(at time.Time) time.Time {
	if at.IsZero() {
		return s.now()
	}
	return at
}

// PaySecret names the server secret payment-page tokens are signed with.
const PaySecret = "pay_signing"

// payClaims are the signed content of a payment-page token.
type payClaims struct {
	Team     TeamID `json:"t"`
	Livemode bool   `json:"l"`
	Payment  string `json:"p"`
}

// payToken signs the token of a payment's hosted page (PUBLIC_URL/pay/…).
func (s *Service) payToken(ctx context.Context, p *Payment) (string, error) {
	return s.signLink(ctx, PaySecret, payClaims{Team: p.TeamID, Livemode: p.Livemode, Payment: p.ID})
}
