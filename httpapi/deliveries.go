package httpapi

import (
	"encoding/json"
	"time"

	"github.com/sello-mx/sello"
)

// deliveryView is the WebhookDelivery of API.md §9.12 in the dual view.
// Times are unix milliseconds (snake) and ISO strings (camel).
type deliveryView struct {
	ID              string          `json:"id"`
	Webhook         string          `json:"webhook"`
	EventID         string          `json:"event_id"`
	EventIDC        string          `json:"eventId"`
	Event           string          `json:"event"`
	Status          string          `json:"status"`
	Attempts        int             `json:"attempts"`
	NextAttemptAt   *int64          `json:"next_attempt_at"`
	NextAttemptAtC  *string         `json:"nextAttemptAt"`
	LastAttemptAt   *int64          `json:"last_attempt_at"`
	LastAttemptAtC  *string         `json:"lastAttemptAt"`
	ResponseStatus  *int            `json:"response_status"`
	ResponseStatusC *int            `json:"responseStatus"`
	ResponseBody    *string         `json:"response_body"`
	ResponseBodyC   *string         `json:"responseBody"`
	LatencyMS       *int64          `json:"latency_ms"`
	LatencyMSC      *int64          `json:"latencyMs"`
	Error           *string         `json:"error"`
	Payload         json.RawMessage `json:"payload"`
	// History lists every attempt, oldest first (designed here).
	History    []attemptView `json:"history"`
	Livemode   bool          `json:"livemode"`
	Team       string        `json:"team"`
	CreatedAt  int64         `json:"created_at"`
	CreatedAtC string        `json:"createdAt"`
}

func newDeliveryView(d *sello.WebhookDelivery) *deliveryView {
	v := &deliveryView{
		ID: d.ID, Webhook: d.WebhookID, EventID: d.EventID, EventIDC: d.EventID, Event: d.Event,
		Status: d.Status, Attempts: d.Attempts, Error: optional(d.Error), Payload: d.Payload,
		Livemode: d.Livemode, Team: string(d.TeamID),
		CreatedAt: d.CreatedAt.UnixMilli(), CreatedAtC: isoMillisOf(d.CreatedAt),
	}
	v.NextAttemptAt, v.NextAttemptAtC = millisAndISO(d.NextAttemptAt)
	v.LastAttemptAt, v.LastAttemptAtC = millisAndISO(d.LastAttemptAt)
	if d.ResponseStatus != 0 {
		st := d.ResponseStatus
		v.ResponseStatus, v.ResponseStatusC = &st, &st
	}
	if d.ResponseStatus != 0 { // null when no response arrived (API.md §9.12)
		body := d.ResponseBody
		v.ResponseBody, v.ResponseBodyC = &body, &body
	}
	if d.LatencyMS >= 0 {
		l := d.LatencyMS
		v.LatencyMS, v.LatencyMSC = &l, &l
	}
	v.History = make([]attemptView, len(d.History))
	for i, a := range d.History {
		v.History[i] = attemptView{At: a.At.UnixMilli(), LatencyMS: a.LatencyMS, Error: optional(a.Error)}
		if a.ResponseStatus != 0 {
			st := a.ResponseStatus
			v.History[i].ResponseStatus = &st
		}
	}
	if v.Payload == nil {
		v.Payload = json.RawMessage("null")
	}
	return v
}

// attemptView is one attempt of a delivery: when, the status
// answered (null without a response), how long it took and what failed.
type attemptView struct {
	At             int64   `json:"at"` // unix milliseconds
	ResponseStatus *int    `json:"response_status"`
	LatencyMS      int64   `json:"latency_ms"`
	Error          *string `json:"error"`
}

// millisAndISO returns both spellings of an optional time; nil when zero.
func millisAndISO(t time.Time) (*int64, *string) {
	if t.IsZero() {
		return nil, nil
	}
	ms, iso := t.UnixMilli(), isoMillisOf(t)
	return &ms, &iso
}

// deliveryQuery are the filters of GET /v2/webhooks/{id}/deliveries.
var deliveryQuery = []string{"status", "event"}

// listDeliveries answers GET /v2/webhooks/{id}/deliveries, newest first.
func (s *Server) listDeliveries(c *call) (*reply, error) {
	opts, err := c.listOptions(true)
	if err != nil {
		return nil, err
	}
	ds, more, total, err := s.svc.FindDeliveries(c.ctx(), sello.DeliveryFilter{
		TeamID: c.target.ID, Livemode: c.auth.Livemode, WebhookID: c.r.PathValue("id"),
		Status: c.query["status"], Event: c.query["event"], ListOptions: opts})
	if err != nil {
		return nil, err
	}
	out := make([]*deliveryView, len(ds))
	for i, d := range ds {
		out[i] = newDeliveryView(d)
	}
	last := lastCursor(ds, opts, func(d *sello.WebhookDelivery) (time.Time, string, string) {
		return d.CreatedAt, d.ID, d.Event
	})
	return c.page("Deliveries retrieved successfully", out, more, total, last)
}

// retryDelivery answers POST /v2/webhooks/{id}/deliveries/{deliveryId}/retry.
func (s *Server) retryDelivery(c *call) (*reply, error) {
	d, err := s.svc.RetryDelivery(c.ctx(), c.target.ID, c.auth.Livemode, c.r.PathValue("id"), c.r.PathValue("deliveryId"))
	if err != nil {
		return nil, err
	}
	return ok("Delivery scheduled successfully", newDeliveryView(d)), nil
}
