package httpapi

import (
	"net/http"

	"github.com/sello-mx/sello"
)

// stripeRequest is the body of PUT /v2/teams/{id}/stripe.
type stripeRequest struct {
	SecretKey     string `json:"secret_key" doc:"the team's Stripe secret key of the API key's mode (sk_test_… or sk_live_…)"`
	WebhookSecret string `json:"webhook_secret" doc:"the signing secret (whsec_…) of the Stripe endpoint PUBLIC_URL/stripe/webhook/{team_id}"`
}

// stripeView answers PUT /v2/teams/{id}/stripe: the stripe integration.
type stripeView struct {
	Completed  bool   `json:"completed"`
	HasKeys    bool   `json:"has_keys"`
	WebhookURL string `json:"webhook_url" doc:"where to point the team's Stripe webhook endpoint"`
}

// connectStripe answers PUT /v2/teams/{id}/stripe (designed here): the
// team stores its Stripe keys for the API key's mode, sealed at rest and
// never returned.
func (s *Server) connectStripe(c *call) (*reply, error) {
	t, err := c.pathTeam()
	if err != nil {
		return nil, err
	}
	var req stripeRequest
	var p sello.Problems
	c.decode(&req, &p)
	if req.SecretKey == "" {
		p.Missing(c.fieldName("secret_key"))
	}
	if req.WebhookSecret == "" {
		p.Missing(c.fieldName("webhook_secret"))
	}
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	if err := s.svc.ConnectStripe(c.ctx(), t, c.auth.Livemode, req.SecretKey, req.WebhookSecret); err != nil {
		return nil, err
	}
	return ok("Stripe connected successfully", stripeView{Completed: true, HasKeys: true,
		WebhookURL: s.absoluteURL(c, "/stripe/webhook/"+string(t.ID))}), nil
}

// stripeWebhook answers POST /stripe/webhook/{team_id}: an event Stripe
// posts, checked against the Stripe-Signature header (400
// invalid_request_body when it does not verify, and nothing changes).
func (s *Server) stripeWebhook(c *call) (*reply, error) {
	err := s.svc.HandleStripeEvent(c.ctx(), sello.TeamID(c.r.PathValue("team_id")), c.raw, c.r.Header.Get("Stripe-Signature"))
	if sello.ErrorCode(err) == sello.Invalid {
		return nil, &apiError{status: http.StatusBadRequest, code: "invalid_request_body", message: "The Stripe-Signature header does not verify", details: []string{}}
	}
	if err != nil {
		return nil, err
	}
	return ok("Event received", map[string]bool{"received": true}), nil
}
