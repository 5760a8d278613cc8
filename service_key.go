package sello

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// KeySigningSecret names the server secret API keys are signed with.
const KeySigningSecret = "api_key_signing"

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
	nonce := make([]byte, 16)
	if _, err := io.ReadFull(s.ids.reader(), nonce); err != nil {
		return "", nil, Wrap(Internal, err, "Cannot make the key")
	}
	token, err := signKey(secret, KeyClaims{Team: team, Livemode: livemode, KeyID: k.ID, IssuedAt: now.Unix(),
		Nonce: base64.RawURLEncoding.EncodeToString(nonce)})
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
// Config.AuthCacheTTL for other processes. NotFound when the key is unknown.
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
	now := s.now()
	if e := s.auth.get(token, now); e != nil {
		return e.check()
	}
	var (
		c      KeyClaims
		badKey error
	)
	// Only a signature that does not match is worth another secret; a
	// malformed key is refused at once, without reading the store.
	ok, err := s.verifyWithSecrets(ctx, KeySigningSecret, func(secret []byte) bool {
		c, badKey = verifyKey(secret, token)
		return !errors.Is(badKey, errBadSignature)
	})
	if err != nil {
		return nil, err
	}
	if !ok || badKey != nil {
		return nil, Wrap(InvalidToken, badKey, "Invalid API key")
	}
	e, err := s.lookupKey(ctx, c.KeyID, now)
	if err != nil {
		return nil, err
	}
	switch {
	case subtle.ConstantTimeCompare(keyHash(token), e.hash) != 1,
		e.team.ID != c.Team, e.livemode != c.Livemode:
		return nil, Errorf(InvalidToken, "Invalid API key")
	}
	if s.authTTL > 0 {
		s.auth.put(token, e)
	}
	return e.check()
}

// lookupKey reads the stored key and its team.
func (s *Service) lookupKey(ctx context.Context, keyID string, now time.Time) (*authEntry, error) {
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
	return &authEntry{keyID: k.ID, hash: k.Hash, team: t, livemode: k.Livemode, revoked: k.Revoked(), expires: now.Add(s.authTTL)}, nil
}

// errNoTeam reports a Connect target that is not allowed.
var errNoTeam = errors.New("target team is not the key's team or its child")
