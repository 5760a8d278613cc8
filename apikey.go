package sello

import "time"

// APIKey is a stored API key. The key itself is a signed JWT handed to the
// caller once; only its hash is kept.
type APIKey struct {
	ID        string // key_test_… or key_live_…
	TeamID    TeamID
	Livemode  bool
	Hash      []byte // SHA-256 of the full key text
	CreatedAt time.Time
	RevokedAt time.Time // zero while the key is active
}

// Revoked reports whether the key has been revoked.
func (k *APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// Auth is who a request acts as: the key's team and mode.
type Auth struct {
	Team     *Team // the key's team
	Livemode bool
	KeyID    string
}
