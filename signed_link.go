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
	key, err := s.Secret(ctx, secret)
	if err != nil {
		return "", fmt.Errorf("link secret %s: %w", secret, err)
	}
	return body + "." + base64.RawURLEncoding.EncodeToString(linkMAC(key, body)), nil
}

// openLink checks a token made by signLink under the same secret (or one
// that a rotation retired) and decodes its claims into dst. ok is false for
// a forged or malformed token; err is for a storage failure only.
func (s *Service) openLink(ctx context.Context, secret, token string, dst any) (ok bool, err error) {
	body, sig, found := strings.Cut(token, ".")
	if !found {
		return false, nil
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return false, nil
	}
	ok, err = s.verifyWithSecrets(ctx, secret, func(key []byte) bool {
		return hmac.Equal(got, linkMAC(key, body))
	})
	if err != nil || !ok {
		return false, err
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || json.Unmarshal(raw, dst) != nil {
		return false, nil
	}
	return true, nil
}

// linkMAC is the HMAC-SHA256 of a link's body under key.
func linkMAC(key []byte, body string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(body))
	return m.Sum(nil)
}
