package sello

import (
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// WebhookInput is a webhook create or partial update (API.md §11.7). A nil
// field is absent: unchanged on update, the default on create.
type WebhookInput struct {
	URL    *string
	Events *[]string
	Status *string
	// Description is the new text; ClearDescription sets it back to null.
	Description      *string
	ClearDescription bool
	Type             *string // "" clears it back to null
	Version          *string // "" clears it back to null
}

// CreateWebhook stores a subscription of a team in one mode and returns it
// with its signing secret, which is never returned again. Invalid for bad
// input; Database on storage failure.
func (s *Service) CreateWebhook(ctx context.Context, team TeamID, livemode bool, in WebhookInput) (*Webhook, error) {
	now := s.now()
	w := &Webhook{ID: s.ids.New("wh_"), TeamID: team, Livemode: livemode, Events: []string{},
		Status: WebhookActive, CreatedAt: now, UpdatedAt: now}
	var p Problems
	if in.URL == nil {
		p.Missing("url")
	}
	s.applyWebhook(w, in, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	secret, err := s.webhookSecret()
	if err != nil {
		return nil, err
	}
	w.Secret = secret
	stored, err := s.sealWebhookSecrets(w)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateWebhook(ctx, stored); err != nil {
		return nil, fmt.Errorf("create webhook: %w", err)
	}
	return w, nil
}

// UpdateWebhook changes the given fields of a webhook. NotFound, Invalid.
func (s *Service) UpdateWebhook(ctx context.Context, team TeamID, livemode bool, id string, in WebhookInput) (*Webhook, error) {
	w, err := s.store.FindWebhookByID(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	var p Problems
	s.applyWebhook(w, in, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	w.UpdatedAt = s.now()
	stored, err := s.sealWebhookSecrets(w)
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateWebhook(ctx, stored); err != nil {
		return nil, fmt.Errorf("update webhook %s: %w", id, err)
	}
	return w, nil
}

// RotateWebhookSecret gives a webhook a new secret, returned once; the old
// one keeps signing alongside it for SecretOverlap. NotFound.
func (s *Service) RotateWebhookSecret(ctx context.Context, team TeamID, livemode bool, id string) (*Webhook, error) {
	w, err := s.store.FindWebhookByID(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	secret, err := s.webhookSecret()
	if err != nil {
		return nil, err
	}
	now := s.now()
	w.PreviousSecret, w.PreviousExpiresAt, w.Secret, w.UpdatedAt = w.Secret, now.Add(SecretOverlap), secret, now
	stored, err := s.sealWebhookSecrets(w)
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateWebhook(ctx, stored); err != nil {
		return nil, fmt.Errorf("rotate webhook secret %s: %w", id, err)
	}
	return w, nil
}

// DeleteWebhook removes a webhook; its pending deliveries are dropped. NotFound.
func (s *Service) DeleteWebhook(ctx context.Context, team TeamID, livemode bool, id string) error {
	return s.store.DeleteWebhook(ctx, team, livemode, id)
}

// FindWebhookByID returns a webhook of the team and mode. NotFound.
func (s *Service) FindWebhookByID(ctx context.Context, team TeamID, livemode bool, id string) (*Webhook, error) {
	return s.store.FindWebhookByID(ctx, team, livemode, id)
}

// FindWebhooks returns one page of a team's webhooks in one mode.
func (s *Service) FindWebhooks(ctx context.Context, f WebhookFilter) ([]*Webhook, bool, int, error) {
	return s.store.FindWebhooks(ctx, f)
}

// applyWebhook validates the fields of in and copies them onto w.
func (s *Service) applyWebhook(w *Webhook, in WebhookInput, p *Problems) {
	if in.URL != nil {
		if err := s.checkWebhookURL(*in.URL, w.Livemode); err != "" {
			p.Add("url", "%s", err)
		}
		w.URL = *in.URL
	}
	if in.Events != nil {
		events := []string{}
		for i, e := range *in.Events {
			if e != "*" && !IsEventName(e) {
				p.Add(fmt.Sprintf("events[%d]", i), "is not a known event name")
			}
			if !slices.Contains(events, e) {
				events = append(events, e)
			}
		}
		w.Events = events
	}
	if in.Status != nil {
		if *in.Status != WebhookActive && *in.Status != WebhookInactive {
			p.Add("status", "must be active or inactive")
		}
		w.Status = *in.Status
	}
	if in.ClearDescription {
		w.Description = nil
	} else if in.Description != nil {
		d := *in.Description
		w.Description = &d
	}
	if in.Type != nil {
		if *in.Type != "" && *in.Type != "gigstack_connect" {
			p.Add("type", "must be null or gigstack_connect")
		}
		w.Type = *in.Type
	}
	if in.Version != nil {
		if *in.Version != "" && *in.Version != "v1" && *in.Version != "v2" {
			p.Add("version", "must be v1, v2 or null")
		}
		w.Version = *in.Version
	}
}

// checkWebhookURL returns what is wrong with a webhook URL, or "".
func (s *Service) checkWebhookURL(raw string, livemode bool) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || u.Hostname() == "":
		return "must be an absolute http(s) URL"
	case u.User != nil:
		return "must not carry user information"
	case u.Scheme == "https":
		return ""
	case u.Scheme != "http":
		return "must use https or http"
	case !livemode:
		return ""
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range s.webhookHTTPHosts {
		if strings.EqualFold(h, host) || strings.EqualFold(h, net.JoinHostPort(host, u.Port())) {
			return ""
		}
	}
	return "must use https in live mode"
}

// webhookSecret returns a new signing secret: whsec_ and the base64 of 32
// random bytes.
func (s *Service) webhookSecret() (string, error) {
	b, err := s.randomSecret()
	if err != nil {
		return "", Wrap(Internal, err, "cannot make a webhook secret")
	}
	return "whsec_" + base64.StdEncoding.EncodeToString(b), nil
}
