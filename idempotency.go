package sello

import "time"

// IdempotencyKey scopes one Idempotency-Key value: the key's team, the target
// team, the mode and the value the client sent.
type IdempotencyKey struct {
	KeyTeam    TeamID
	TargetTeam TeamID
	Livemode   bool
	Value      string
}

// IdempotencyRecord is what Sello remembers about a request made with an
// idempotency key: its fingerprint and, once finished, the stored answer.
type IdempotencyRecord struct {
	Key         IdempotencyKey
	Fingerprint string
	Done        bool // false while the first request is still in flight
	// Resumable says the request may run again after its process died (the
	// ids it creates derive from the key); then Owner is the Process running
	// it, and when that process dies recovery forgets the record so that a
	// retry runs again. Owner is "" otherwise: the record stays in progress.
	Resumable   bool
	Owner       string
	Status      int
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}
