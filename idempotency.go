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
	// Owner is the Process running the request ("" when none is recorded):
	// when it dies, recovery forgets the record so that a retry runs again.
	Owner       string
	Status      int
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}
