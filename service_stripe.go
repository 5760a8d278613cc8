package sello

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// processorMethods are the allowed_payment_methods collected through the
// processor (API.md §10).
var processorMethods = []string{"card", "oxxo", "stripe-spei"}

// processorForm is the c_FormaPago of money that came through a Stripe
// payment method: a card (04), cash at OXXO (01), a SPEI transfer (03).
var processorForm = map[string]string{"card": "04", "oxxo": "01", "customer_balance": "03"}

// ConnectStripe stores a team's Stripe secret key and the signing secret of
// its Stripe webhook endpoint (POST /stripe/webhook/{team_id}) for a mode,
// sealed with the master key, and records teams.stripe.completed. Invalid
// names a key of the wrong kind or mode; Unavailable when no master key
// is configured.
func (s *Service) ConnectStripe(ctx context.Context, team *Team, livemode bool, secretKey, webhookSecret string) error {
	mode := map[bool]string{false: "test", true: "live"}[livemode]
	var p Problems
	if !strings.HasPrefix(secretKey, "sk_"+mode+"_") && !strings.HasPrefix(secretKey, "rk_"+mode+"_") {
		p.Add("secret_key", "must be a Stripe secret key of %s mode (sk_%s_…)", mode, mode)
	}
	if !strings.HasPrefix(webhookSecret, "whsec_") {
		p.Add("webhook_secret", "must be the signing secret of the Stripe webhook endpoint (whsec_…)")
	}
	if err := p.Err("Invalid request body"); err != nil {
		return err
	}
	ad := stripeAD(team.ID, livemode)
	key, err := s.seal([]byte(secretKey), ad+":key")
	if err != nil {
		return err
	}
	hook, err := s.seal([]byte(webhookSecret), ad+":webhook")
	if err != nil {
		return err
	}
	now := s.now()
	c := &TeamStripe{TeamID: team.ID, Livemode: livemode, SealedSecretKey: key, SealedWebhookSecret: hook, CreatedAt: now, UpdatedAt: now}
	if old, err := s.store.FindTeamStripe(ctx, team.ID, livemode); err == nil {
		c.CreatedAt = old.CreatedAt
	}
	ev, err := s.newEvent(team.ID, livemode, "teams.stripe.completed", string(team.ID), team)
	if err != nil {
		return err
	}
	return s.store.PutTeamStripe(ctx, c, ev)
}

// stripeAD is the additional data sealing a team's Stripe secrets, so a
// sealed value cannot be moved to another team or mode.
func stripeAD(team TeamID, livemode bool) string { return fmt.Sprintf("stripe:%s:%t", team, livemode) }

// stripeConnected reports whether a team stored its Stripe keys for a mode.
func (s *Service) stripeConnected(ctx context.Context, team TeamID, livemode bool) (bool, error) {
	_, err := s.store.FindTeamStripe(ctx, team, livemode)
	switch ErrorCode(err) {
	case "":
		return true, nil
	case NotFound:
		return false, nil
	}
	return false, fmt.Errorf("team %s stripe: %w", team, err)
}

// stripeKeys opens a team's Stripe secret key and webhook signing secret.
// NotFound when the team did not connect Stripe in that mode.
func (s *Service) stripeKeys(ctx context.Context, team TeamID, livemode bool) (key, hook string, err error) {
	c, err := s.store.FindTeamStripe(ctx, team, livemode)
	if err != nil {
		return "", "", err
	}
	ad := stripeAD(team, livemode)
	k, err := s.unseal(c.SealedSecretKey, ad+":key")
	if err != nil {
		return "", "", err
	}
	h, err := s.unseal(c.SealedWebhookSecret, ad+":webhook")
	if err != nil {
		return "", "", err
	}
	return string(k), string(h), nil
}

// startCheckout creates the Stripe checkout of a requested payment when the
// team connected Stripe and the payment offers a method collected by it.
// PaymentProcessor when Stripe refuses: then nothing is stored.
func (s *Service) startCheckout(ctx context.Context, p *Payment) error {
	if s.payProc == nil {
		return nil
	}
	var methods []string
	for _, m := range p.AllowedMethods {
		if slices.Contains(processorMethods, m) {
			methods = append(methods, m)
		}
	}
	if len(methods) == 0 {
		return nil
	}
	key, _, err := s.stripeKeys(ctx, p.TeamID, p.Livemode)
	if ErrorCode(err) == NotFound {
		return nil
	} else if err != nil {
		return err
	}
	co, err := s.payProc.CreateCheckout(ctx, key, p, methods, s.payBase+"/pay/"+p.PayToken)
	if err != nil {
		return err
	}
	p.ProcessorRef, p.CheckoutURL = co.ID, co.URL
	return nil
}
