package sello

import (
	"context"
	"fmt"
)

// FindDeliveries returns one page of a webhook's deliveries. NotFound when
// the webhook is not the team's in this mode; Invalid for a bad filter.
func (s *Service) FindDeliveries(ctx context.Context, f DeliveryFilter) ([]*WebhookDelivery, bool, int, error) {
	if _, err := s.store.FindWebhookByID(ctx, f.TeamID, f.Livemode, f.WebhookID); err != nil {
		return nil, false, 0, err
	}
	var p Problems
	switch f.Status {
	case "", DeliveryPending, DeliverySucceeded, DeliveryFailed:
	default:
		p.Add("status", "must be pending, succeeded or failed")
	}
	if f.Event != "" && !IsEventName(f.Event) {
		p.Add("event", "is not a known event name")
	}
	if err := p.Err("Invalid query parameters"); err != nil {
		return nil, false, 0, err
	}
	return s.store.FindDeliveries(ctx, f)
}

// RetryDelivery schedules one more attempt of a delivery now, whatever its
// status. If that attempt fails and the automatic schedule is used up, the
// delivery returns to failed. NotFound.
func (s *Service) RetryDelivery(ctx context.Context, team TeamID, livemode bool, webhookID, id string) (*WebhookDelivery, error) {
	d, err := s.store.FindDeliveryByID(ctx, team, livemode, id)
	if err != nil {
		return nil, err
	}
	if d.WebhookID != webhookID {
		return nil, Errorf(NotFound, "delivery not found")
	}
	d.Status, d.NextAttemptAt = DeliveryPending, s.now()
	if err := s.store.UpdateDeliveries(ctx, d); err != nil {
		return nil, fmt.Errorf("retry delivery %s: %w", id, err)
	}
	return d, nil
}

// ReplayEvent creates new deliveries of a stored event, with the same
// webhook-id: to one webhook of the team and mode when webhookID is set
// (whether or not it subscribes to the event), otherwise to every active
// webhook that subscribes to it. NotFound for an unknown event or webhook.
func (s *Service) ReplayEvent(ctx context.Context, team TeamID, livemode bool, eventID, webhookID string) ([]*WebhookDelivery, error) {
	e, err := s.store.FindEventByID(ctx, team, livemode, eventID)
	if err != nil {
		return nil, err
	}
	var hooks []*Webhook
	if webhookID != "" {
		w, err := s.store.FindWebhookByID(ctx, team, livemode, webhookID)
		if err != nil {
			return nil, err
		}
		hooks = append(hooks, w)
	} else if hooks, err = s.activeWebhooks(ctx, team, livemode); err != nil {
		return nil, err
	}
	now := s.now()
	var ds []*WebhookDelivery
	for _, w := range hooks {
		name, ok := DeliveredName(w.Events, e.Type)
		if !ok && webhookID == "" {
			continue
		}
		if !ok {
			name = e.Type
		}
		ds = append(ds, &WebhookDelivery{ID: s.ids.New("delivery_"), WebhookID: w.ID, EventID: e.ID,
			TeamID: team, EventTeamID: team, Livemode: livemode, Event: name, Status: DeliveryPending,
			NextAttemptAt: now, LatencyMS: -1, CreatedAt: now})
	}
	if len(ds) == 0 {
		return ds, nil
	}
	if err := s.store.CreateDeliveries(ctx, ds...); err != nil {
		return nil, fmt.Errorf("replay event %s: %w", eventID, err)
	}
	return ds, nil
}

// activeWebhooks returns every active webhook of a team in one mode.
func (s *Service) activeWebhooks(ctx context.Context, team TeamID, livemode bool) ([]*Webhook, error) {
	var out []*Webhook
	f := WebhookFilter{TeamID: team, Livemode: livemode, Status: WebhookActive, ListOptions: ListOptions{Limit: 100}}
	for {
		page, more, _, err := s.store.FindWebhooks(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if !more || len(page) == 0 {
			return out, nil
		}
		last := page[len(page)-1]
		f.After = &Cursor{Key: fmt.Sprint(last.CreatedAt.UnixNano()), ID: last.ID}
	}
}
