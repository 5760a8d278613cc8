package sello

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// signLink is the one way Sello signs the tokens of its public links
// (files, the customer portal, the payment page, self-invoicing): the
// claims as base64url JSON, a dot, and the base64url HMAC-SHA256 of that
// text under the named server secret.
func (s *Service) signLink(ctx context.Context, secret string, claims any) (string, error) {
	raw, err := json.Marshal(claims)
	if err != nil {
		return "", Wrap(Internal, err, "cannot sign the link")
	}
	body := base64.RawURLEncoding.EncodeToString(raw)
	mac, err := s.linkMAC(ctx, secret, body)
	if err != nil {
		return "", err
	}
	return body + "." + mac, nil
}

// openLink checks a token made by signLink under the same secret and
// decodes its claims into dst. ok is false for a forged or malformed token;
// err is for a storage failure only.
func (s *Service) openLink(ctx context.Context, secret, token string, dst any) (ok bool, err error) {
	body, sig, found := strings.Cut(token, ".")
	if !found {
		return false, nil
	}
	want, err := s.linkMAC(ctx, secret, body)
	if err != nil {
		return false, err
	}
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return false, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || json.Unmarshal(raw, dst) != nil {
		return false, nil
	}
	return true, nil
}

func (s *Service) linkMAC(ctx context.Context, secret, body string) (string, error) {
	key, err := s.Secret(ctx, secret)
	if err != nil {
		return "", fmt.Errorf("link secret %s: %w", secret, err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}
