package sello

import (
	"crypto/sha256"
	"slices"
	"strings"
	"time"
)

// Webhook statuses (API.md §10).
const (
	WebhookActive   = "active"
	WebhookInactive = "inactive"
)

// Delivery statuses (API.md §9.12).
const (
	DeliveryPending   = "pending"
	DeliverySucceeded = "succeeded"
	DeliveryFailed    = "failed"
)

// SecretOverlap is how long after a rotation deliveries are also signed with
// the previous secret (API.md §11.7).
const SecretOverlap = 24 * time.Hour

// Webhook is a subscription: a URL that receives the events of one team and
// mode (API.md §9.12).
type Webhook struct {
	ID          string // wh_…
	TeamID      TeamID
	Livemode    bool
	URL         string
	Events      []string // as subscribed; empty means every event
	Status      string   // WebhookActive or WebhookInactive
	Description *string
	Type        string // "" (own team) or "gigstack_connect"
	Version     string // stored only
	// Secret signs deliveries (whsec_…). It is readable because the server
	// signs with it; it is shown once and never logged.
	Secret string
	// PreviousSecret also signs deliveries until PreviousExpiresAt.
	PreviousSecret    string
	PreviousExpiresAt time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Secrets returns the secrets that sign a delivery made at now: the current
// one and, during the overlap after a rotation, the previous one.
func (w *Webhook) Secrets(now time.Time) []string {
	s := []string{w.Secret}
	if w.PreviousSecret != "" && now.Before(w.PreviousExpiresAt) {
		s = append(s, w.PreviousSecret)
	}
	return s
}

// WebhookFilter selects webhooks for a list.
type WebhookFilter struct {
	TeamID   TeamID
	Livemode bool
	Status   string // empty: any
	ListOptions
}

// WebhookDelivery is one event sent (or to be sent) to one webhook, with
// the outcome of its last attempt (API.md §9.12).
type WebhookDelivery struct {
	ID        string // delivery_…
	WebhookID string
	EventID   string
	TeamID    TeamID // the webhook's team
	// EventTeamID is the team the event concerns: TeamID, or a child of
	// it for a webhook of type gigstack_connect.
	EventTeamID TeamID
	Livemode    bool
	// Event is the event name as delivered: the spelling the webhook
	// subscribed with (API.md §13.1).
	Event          string
	Status         string
	Attempts       int
	NextAttemptAt  time.Time // zero when no attempt is scheduled
	LastAttemptAt  time.Time // zero before the first attempt
	ResponseStatus int       // 0: no response
	ResponseBody   string    // at most 1 KiB
	LatencyMS      int64     // duration of the last attempt; -1 before it
	Error          string    // "timeout", "connection refused"…; "" on success
	Payload        []byte    // the exact body sent; nil before the first attempt
	History        []DeliveryAttempt
	// Lease is the end of the claim that returned the delivery (set by
	// Store.ClaimDeliveries; zero otherwise). UpdateDeliveries skips a
	// leased delivery whose claim was overtaken (another worker claimed it
	// after the lease ended, or it was retried by hand meanwhile).
	Lease     time.Time
	CreatedAt time.Time
}

// DeliveryAttempt is the outcome of one attempt of a delivery, kept in its
// history so the log shows every attempt, not only the last.
type DeliveryAttempt struct {
	At             time.Time
	ResponseStatus int // 0: no response
	LatencyMS      int64
	Error          string
}

// DeliveryFilter selects the deliveries of one webhook for a list.
type DeliveryFilter struct {
	TeamID    TeamID
	Livemode  bool
	WebhookID string
	Status    string // empty: any
	Event     string // empty: any; matches either spelling of canceled
	ListOptions
}

// EventNames are the 36 names valid in a subscription (API.md §13.1): the
// 33 canonical ones and the three "cancelled" spellings.
var EventNames = []string{
	"payment.created", "payment.updated", "payment.succeeded", "payment.canceled", "payment.cancelled",
	"payment.deleted", "payment.refunded", "payment.failed", "payment.upcoming_due_date",
	"invoice.created", "invoice.stamped", "invoice.sent", "invoice.canceled", "invoice.cancelled",
	"invoice.failed", "invoice_batch.completed",
	"receipt.created", "receipt.updated", "receipt.completed", "receipt.stamped", "receipt.canceled",
	"receipt.cancelled", "receipt.deleted",
	"customer.created", "customer.updated", "customer.deleted",
	"service.created", "service.updated", "service.deleted",
	"sat.invoice.synced",
	"teams.created", "teams.sat.completed", "teams.stripe.completed", "teams.members.updated",
	"teams.openpay.completed", "teams.sat.manifest.signed",
}

// IsEventName reports whether name may appear in a subscription.
func IsEventName(name string) bool { return slices.Contains(EventNames, name) }

// CanonicalEvent returns the canonical spelling of an event name:
// "….cancelled" becomes "….canceled".
func CanonicalEvent(name string) string {
	if base, ok := strings.CutSuffix(name, ".cancelled"); ok {
		return base + ".canceled"
	}
	return name
}

// DeliveredName returns the name under which an event of the canonical type
// eventType is delivered to a subscription to events, and false when the
// subscription does not match (API.md §13.1): all events (empty or "*")
// and both spellings at once get the canonical name; one spelling gets that
// spelling.
func DeliveredName(events []string, eventType string) (string, bool) {
	if len(events) == 0 || slices.Contains(events, "*") {
		return eventType, true
	}
	var match []string
	for _, e := range events {
		if CanonicalEvent(e) == eventType && !slices.Contains(match, e) {
			match = append(match, e)
		}
	}
	switch len(match) {
	case 0:
		return "", false
	case 1:
		return match[0], true
	}
	return eventType, true
}

// DeliveryID derives the id of the delivery that fans an event out to a
// webhook, so both engines name it alike without an id source: delivery_
// plus 24 base62 characters of SHA-256(eventID, webhookID).
func DeliveryID(eventID, webhookID string) string {
	h := sha256.Sum256([]byte(eventID + "\x00" + webhookID))
	out := []byte("delivery_")
	for _, b := range h[:24] {
		out = append(out, base62[int(b)%62])
	}
	return string(out)
}
