package sello

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// OnboardingSecret names the server secret onboarding links are signed with.
const OnboardingSecret = "onboarding_signing"

// OnboardingTTL is how long an onboarding link works (API.md §11.9).
const OnboardingTTL = 24 * time.Hour

// ErrLinkExpired is wrapped by the error of a signed link whose time is up,
// so public pages can answer 410 instead of 404.
var ErrLinkExpired = errors.New("link expired")

// Onboarding is what an onboarding link grants: the team and the mode a CSD
// uploaded on the page is stored for, until Expires.
type Onboarding struct {
	Team     TeamID
	Livemode bool
	Expires  time.Time
}

type onboardingClaims struct {
	Team     TeamID `json:"t"`
	Livemode bool   `json:"l"`
	Expires  int64  `json:"e"`
}

// OnboardingToken returns a new signed token for the onboarding page of a
// team in one mode, and when it expires.
func (s *Service) OnboardingToken(ctx context.Context, team TeamID, livemode bool) (string, time.Time, error) {
	exp := s.now().Add(OnboardingTTL).UTC().Truncate(time.Second)
	raw, err := json.Marshal(onboardingClaims{Team: team, Livemode: livemode, Expires: exp.Unix()})
	if err != nil {
		return "", time.Time{}, Wrap(Internal, err, "Cannot sign the link")
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	mac, err := s.onboardingMAC(ctx, payload)
	if err != nil {
		return "", time.Time{}, err
	}
	return payload + "." + base64.RawURLEncoding.EncodeToString(mac), exp, nil
}

// OpenOnboarding checks an onboarding token and returns what it grants.
// NotFound when it is malformed, forged or its team no longer exists;
// NotFound wrapping ErrLinkExpired when its time is up.
func (s *Service) OpenOnboarding(ctx context.Context, token string) (*Onboarding, *Team, error) {
	invalid := Errorf(NotFound, "This link is not valid")
	payload, sig, ok := strings.Cut(token, ".")
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil {
		return nil, nil, invalid
	}
	want, err := s.onboardingMAC(ctx, payload)
	if err != nil {
		return nil, nil, err
	}
	if !hmac.Equal(got, want) {
		return nil, nil, invalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	var c onboardingClaims
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return nil, nil, invalid
	}
	o := &Onboarding{Team: c.Team, Livemode: c.Livemode, Expires: time.Unix(c.Expires, 0).UTC()}
	if !s.now().Before(o.Expires) {
		return nil, nil, Wrap(NotFound, ErrLinkExpired, "This link has expired")
	}
	t, err := s.store.FindTeamByID(ctx, c.Team)
	if ErrorCode(err) == NotFound {
		return nil, nil, invalid
	} else if err != nil {
		return nil, nil, err
	}
	return o, t, nil
}

func (s *Service) onboardingMAC(ctx context.Context, payload string) ([]byte, error) {
	secret, err := s.Secret(ctx, OnboardingSecret)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("onboarding." + payload))
	return m.Sum(nil)[:20], nil
}
