package sello

import "time"

// Event records one change in Sello ("customer.created", "invoice.stamped"…).
// It is stored in the same transaction as the change that causes it, so no
// change is ever acknowledged without its event, and webhooks deliver it
// later (at least once).
type Event struct {
	ID       string // evt_…
	TeamID   TeamID
	Livemode bool
	Type     string // the event name of API.md §13.1
	ObjectID string // id of the object the event is about
	// Data is the object as the API represents it at the time of the event
	// (JSON), the `data.object` of the webhook payload.
	Data      []byte
	CreatedAt time.Time
}

// EventFilter selects events for a list.
type EventFilter struct {
	TeamID   TeamID
	Livemode bool
	Type     string // empty: every type
	ListOptions
}

// EventRenderer renders the object of an event as JSON, the way the API
// shows it. The HTTP adapter provides it; the domain only calls it.
type EventRenderer func(eventType string, object any) ([]byte, error)
