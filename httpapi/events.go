package httpapi

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/sello-mx/sello"
)

// eventView is the Event of API.md §9.12: the delivery body of §13.2 under
// the canonical event name. created is in unix milliseconds.
type eventView struct {
	ID       string        `json:"id"`
	Event    string        `json:"event"`
	Type     string        `json:"type"`
	Created  int64         `json:"created"`
	Livemode bool          `json:"livemode"`
	Team     string        `json:"team"`
	Data     eventDataView `json:"data"`
}

// eventDataView holds the object of an event as its own routes show it.
type eventDataView struct {
	Object json.RawMessage `json:"object"`
}

func newEventView(e *sello.Event) *eventView {
	obj := json.RawMessage(strings.TrimSpace(string(e.Data)))
	if len(obj) == 0 {
		obj = json.RawMessage("null")
	}
	return &eventView{ID: e.ID, Event: e.Type, Type: e.Type, Created: e.CreatedAt.UnixMilli(),
		Livemode: e.Livemode, Team: string(e.TeamID), Data: eventDataView{Object: obj}}
}

// eventQuery are the filters of GET /v2/events.
var eventQuery = []string{"event"}

// listEvents answers GET /v2/events, newest first.
func (s *Server) listEvents(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	name := c.query["event"]
	if name != "" && !sello.IsEventName(name) {
		return nil, invalidValue("Invalid query parameters", "event", "is not a known event name")
	}
	events, more, total, err := s.svc.FindEvents(c.ctx(), sello.EventFilter{TeamID: c.target.ID,
		Livemode: c.auth.Livemode, Type: sello.CanonicalEvent(name), ListOptions: opts})
	if err != nil {
		return nil, err
	}
	out := make([]*eventView, len(events))
	for i, e := range events {
		out[i] = newEventView(e)
	}
	last := lastCursor(events, opts, func(e *sello.Event) (time.Time, string, string) {
		return e.CreatedAt, e.ID, e.Type
	})
	return c.page("Events retrieved successfully", out, more, total, last)
}

// getEvent answers GET /v2/events/{id}.
func (s *Server) getEvent(c *call) (*reply, error) {
	e, err := s.svc.FindEventByID(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return ok("Event retrieved successfully", newEventView(e)), nil
}

// replayRequest is the body of POST /v2/events/{id}/replay.
type replayRequest struct {
	// Webhook is the webhook to deliver to (alias webhook_id); absent means
	// every active webhook that subscribes to the event.
	Webhook string `json:"webhook"`
}

// replayAliases are the input spellings of the replay body.
var replayAliases = aliasTable{"webhook_id": "webhook"}

// replayEvent answers POST /v2/events/{id}/replay: the new delivery when a
// webhook is named, otherwise the array of new deliveries.
func (s *Server) replayEvent(c *call) (*reply, error) {
	var req replayRequest
	var p sello.Problems
	c.decode(&req, &p)
	if err := p.Err("Invalid request body"); err != nil {
		return nil, err
	}
	ds, err := s.svc.ReplayEvent(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"), req.Webhook)
	if err != nil {
		return nil, err
	}
	if req.Webhook != "" && len(ds) == 1 {
		return ok("Event replayed successfully", newDeliveryView(ds[0])), nil
	}
	out := make([]*deliveryView, len(ds))
	for i, d := range ds {
		out[i] = newDeliveryView(d)
	}
	return ok("Event replayed successfully", out), nil
}
