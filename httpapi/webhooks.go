package httpapi

import (
	"time"

	"github.com/sello-mx/sello"
)

// webhookView is the Webhook of API.md §9.12 in the dual view: snake_case
// plus the createdAt alias. created_at is in unix milliseconds.
type webhookView struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Status      string   `json:"status"`
	Description *string  `json:"description"`
	Type        *string  `json:"type"`
	Version     *string  `json:"version"`
	Livemode    bool     `json:"livemode"`
	Team        string   `json:"team"`
	Owner       *string  `json:"owner"`
	From        string   `json:"from"`
	CreatedAt   int64    `json:"created_at"`
	CreatedAtC  string   `json:"createdAt"`
	// Secret is present only in the create and rotate-secret answers.
	Secret string `json:"secret,omitempty"`
}

func newWebhookView(w *sello.Webhook) *webhookView {
	return &webhookView{
		ID: w.ID, URL: w.URL, Events: w.Events, Status: w.Status, Description: w.Description,
		Type: optional(w.Type), Version: optional(w.Version), Livemode: w.Livemode, Team: string(w.TeamID),
		From: "api", CreatedAt: w.CreatedAt.UnixMilli(), CreatedAtC: isoMillisOf(w.CreatedAt),
	}
}

// webhookQuery are the filters of GET /v2/webhooks.
var webhookQuery = []string{"status"}

// webhookInput reads a webhook create or update body: url and status may
// not be null; null clears description, type and version.
func (c *call) webhookInput() (sello.WebhookInput, error) {
	var req webhookRequest
	var p sello.Problems
	c.decode(&req, &p)
	var in sello.WebhookInput
	text := func(key string, o opt[string], nullOK bool) *string {
		if !o.Set {
			return nil
		}
		if !nullOK && o.Null {
			p.Add(c.fieldName(key), "must be a string")
		}
		return &o.V
	}
	in.URL, in.Status = text("url", req.URL, false), text("status", req.Status, false)
	in.Type, in.Version = text("type", req.Type, true), text("version", req.Version, true)
	if req.Description.Null {
		in.ClearDescription = true
	} else {
		in.Description = text("description", req.Description, true)
	}
	if req.Events.Set {
		events := req.Events.V
		if events == nil {
			events = []string{}
		}
		in.Events = &events
	}
	return in, p.Err("Invalid request body")
}

// createWebhook answers POST /v2/webhooks: the webhook and its secret.
func (s *Server) createWebhook(c *call) (*reply, error) {
	in, err := c.webhookInput()
	if err != nil {
		return nil, err
	}
	w, err := s.svc.CreateWebhook(c.ctx(), c.target.ID, c.auth.Livemode, in)
	if err != nil {
		return nil, err
	}
	return withSecret(created("Webhook created successfully", newWebhookView(w)), w.Secret), nil
}

// listWebhooks answers GET /v2/webhooks.
func (s *Server) listWebhooks(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	status := c.query["status"]
	if status != "" && status != sello.WebhookActive && status != sello.WebhookInactive {
		return nil, invalidValue("Invalid query parameters", "status", "must be active or inactive")
	}
	hooks, more, total, err := s.svc.FindWebhooks(c.ctx(), sello.WebhookFilter{
		TeamID: c.target.ID, Livemode: c.auth.Livemode, Status: status, ListOptions: opts})
	if err != nil {
		return nil, err
	}
	out := make([]*webhookView, len(hooks))
	for i, w := range hooks {
		out[i] = newWebhookView(w)
	}
	last := lastCursor(hooks, opts, func(w *sello.Webhook) (time.Time, string, string) {
		return w.CreatedAt, w.ID, w.URL
	})
	return c.page("Webhooks retrieved successfully", out, more, total, last)
}

// getWebhook answers GET /v2/webhooks/{id}.
func (s *Server) getWebhook(c *call) (*reply, error) {
	w, err := s.svc.FindWebhookByID(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return ok("Webhook retrieved successfully", newWebhookView(w)), nil
}

// updateWebhook answers PUT /v2/webhooks/{id}.
func (s *Server) updateWebhook(c *call) (*reply, error) {
	in, err := c.webhookInput()
	if err != nil {
		return nil, err
	}
	w, err := s.svc.UpdateWebhook(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"), in)
	if err != nil {
		return nil, err
	}
	return ok("Webhook updated successfully", newWebhookView(w)), nil
}

// deleteWebhook answers DELETE /v2/webhooks/{id}.
func (s *Server) deleteWebhook(c *call) (*reply, error) {
	id := c.r.PathValue("id")
	if err := s.svc.DeleteWebhook(c.ctx(), c.target.ID, c.auth.Livemode, id); err != nil {
		return nil, err
	}
	return ok("Webhook deleted successfully", deletedView{ID: id, Deleted: true}), nil
}

// rotateWebhookSecret answers POST /v2/webhooks/{id}/rotate-secret.
func (s *Server) rotateWebhookSecret(c *call) (*reply, error) {
	w, err := s.svc.RotateWebhookSecret(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return withSecret(ok("Webhook secret rotated successfully", newWebhookView(w)), w.Secret), nil
}

// withSecret shows the signing secret in rp, a webhook answer, once: an
// idempotent replay of the request answers the webhook without it.
func withSecret(rp *reply, secret string) *reply {
	v := rp.data.(*webhookView)
	shown := *v
	shown.Secret = secret
	rp.data, rp.replayData = &shown, v
	return rp
}

// webhookRequest is the body of POST and PUT /v2/webhooks; on PUT an absent
// field is left alone.
type webhookRequest struct {
	URL         opt[string]   `json:"url"`
	Events      opt[[]string] `json:"events"`
	Status      opt[string]   `json:"status" doc:"active or inactive"`
	Description opt[string]   `json:"description"`
	Type        opt[string]   `json:"type"`
	Version     opt[string]   `json:"version"`
}
