package sello

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// KeySigningSecret names the server secret API keys are signed with.
const KeySigningSecret = "api_key_signing"

// Auth is who a request acts as: the key's team and mode.
type Auth struct {
	Team     *Team // the key's team
	Livemode bool
	KeyID    string
}

// IssueKey creates a key for a team in the given mode and returns its text,
// which is shown once and stored only as a hash. NotFound when the team does
// not exist; Database on storage failure.
func (s *Service) IssueKey(ctx context.Context, team TeamID, livemode bool) (string, *APIKey, error) {
	if _, err := s.store.FindTeamByID(ctx, team); err != nil {
		return "", nil, fmt.Errorf("issue key: %w", err)
	}
	secret, err := s.Secret(ctx, KeySigningSecret)
	if err != nil {
		return "", nil, err
	}
	prefix := "key_test_"
	if livemode {
		prefix = "key_live_"
	}
	now := s.now().UTC().Truncate(time.Second)
	k := &APIKey{ID: s.ids.New(prefix), TeamID: team, Livemode: livemode, CreatedAt: now}
	token, err := signKey(secret, KeyClaims{Team: team, Livemode: livemode, KeyID: k.ID, IssuedAt: now.Unix()})
	if err != nil {
		return "", nil, Wrap(Internal, err, "Cannot sign the key")
	}
	k.Hash = keyHash(token)
	if err := s.store.CreateAPIKey(ctx, k); err != nil {
		return "", nil, fmt.Errorf("issue key: %w", err)
	}
	return token, k, nil
}

// RevokeKey revokes a key. This process refuses it at once; see
// WithAuthCacheTTL for other processes. NotFound when the key is unknown.
func (s *Service) RevokeKey(ctx context.Context, keyID string) error {
	if err := s.store.RevokeAPIKey(ctx, keyID, s.now().UTC()); err != nil {
		return fmt.Errorf("revoke key %s: %w", keyID, err)
	}
	s.auth.forget(keyID)
	return nil
}

// Authenticate checks an Authorization header value ("Bearer <key>" or the
// bare key) as API.md §4.2 orders. Unauthenticated when it is empty,
// InvalidToken for every other failure; Database or Unavailable when
// storage fails.
func (s *Service) Authenticate(ctx context.Context, header string) (*Auth, error) {
	token := strings.TrimSpace(header)
	if len(token) >= 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	} else if strings.EqualFold(token, "bearer") {
		token = ""
	}
	if token == "" {
		return nil, Errorf(Unauthenticated, "Missing API key")
	}
	secret, err := s.Secret(ctx, KeySigningSecret)
	if err != nil {
		return nil, err
	}
	c, err := verifyKey(secret, token)
	if err != nil {
		return nil, Wrap(InvalidToken, err, "Invalid API key")
	}
	e, err := s.authEntry(ctx, c.KeyID)
	if err != nil {
		return nil, err
	}
	hash := keyHash(token)
	switch {
	case e.revoked:
		return nil, Errorf(InvalidToken, "API key has been revoked")
	case subtle.ConstantTimeCompare(hash, e.hash) != 1,
		e.team.ID != c.Team, e.livemode != c.Livemode:
		return nil, Errorf(InvalidToken, "Invalid API key")
	}
	return &Auth{Team: e.team, Livemode: c.Livemode, KeyID: c.KeyID}, nil
}

// authEntry returns the stored key and its team, from the cache when fresh.
func (s *Service) authEntry(ctx context.Context, keyID string) (*authEntry, error) {
	now := s.now()
	if e := s.auth.get(keyID, now); e != nil {
		return e, nil
	}
	k, err := s.store.FindAPIKeyByID(ctx, keyID)
	if ErrorCode(err) == NotFound {
		return nil, Wrap(InvalidToken, err, "Invalid API key")
	} else if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	t, err := s.store.FindTeamByID(ctx, k.TeamID)
	if ErrorCode(err) == NotFound {
		return nil, Wrap(InvalidToken, err, "Invalid API key")
	} else if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	e := &authEntry{hash: k.Hash, team: t, livemode: k.Livemode, revoked: k.Revoked(), expires: now.Add(s.authTTL)}
	if s.authTTL > 0 {
		s.auth.put(keyID, e)
	}
	return e, nil
}

// authCache remembers verified keys for a short time so the hot path does
// not query storage on every request.
type authCache struct {
	mu      sync.RWMutex
	entries map[string]*authEntry
}

type authEntry struct {
	hash     []byte
	team     *Team
	livemode bool
	revoked  bool
	expires  time.Time
}

func (c *authCache) get(keyID string, now time.Time) *authEntry {
	c.mu.RLock()
	e := c.entries[keyID]
	c.mu.RUnlock()
	if e == nil || !now.Before(e.expires) {
		return nil
	}
	return e
}

func (c *authCache) put(keyID string, e *authEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) > 10000 {
		clear(c.entries) // bounded memory; entries refill on demand
	}
	c.entries[keyID] = e
}

func (c *authCache) forget(keyID string) {
	c.mu.Lock()
	delete(c.entries, keyID)
	c.mu.Unlock()
}

// errNoTeam reports a Connect target that is not allowed.
var errNoTeam = errors.New("target team is not the key's team or its child")
