package sello

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// keyHeader is the base64url form of {"alg":"HS256","typ":"JWT"}, the only
// header Sello writes (API.md §4.2).
const keyHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

// KeyClaims are the claims of an API key (API.md §4.2). Other claims are
// ignored when a key is read.
type KeyClaims struct {
	Team     TeamID `json:"team"`
	Livemode bool   `json:"livemode"`
	KeyID    string `json:"key_id"`
	IssuedAt int64  `json:"iat"`
	// Nonce is 128 random bits (base64url) that make every key
	// unguessable from what the database stores: the key's id, team, mode
	// and creation time, and a hash of the whole key (docs/SECURITY.md).
	// Keys issued before it existed have none and keep working.
	Nonce string `json:"rnd,omitempty"`
}

// signKey returns the compact HS256 JWT for claims signed with secret.
func signKey(secret []byte, c KeyClaims) (string, error) {
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	s := keyHeader + "." + enc.EncodeToString(payload)
	return s + "." + keyMAC(secret, s), nil
}

var (
	errBadKey       = errors.New("malformed key")
	errBadSignature = errors.New("bad signature") // well formed, signed with another secret or forged
)

// verifyKey checks the shape, the algorithm and the signature of a key, in
// that order (steps 1 and 2 of API.md §4.2), and returns its claims.
func verifyKey(secret []byte, token string) (KeyClaims, error) {
	var c KeyClaims
	h, rest, ok := strings.Cut(token, ".")
	if !ok {
		return c, errBadKey
	}
	p, sig, ok := strings.Cut(rest, ".")
	if !ok || strings.Contains(sig, ".") {
		return c, errBadKey
	}
	if h != keyHeader {
		if err := checkHeader(h); err != nil {
			return c, err
		}
	}
	enc := base64.RawURLEncoding
	got, err := enc.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return c, errBadSignature
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(token[:len(h)+1+len(p)]))
	if !hmac.Equal(mac.Sum(nil), got) {
		return c, errBadSignature
	}
	raw, err := enc.DecodeString(p)
	if err != nil {
		return c, errBadKey
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, errBadKey
	}
	if c.Team == "" || c.KeyID == "" {
		return c, errors.New("missing claims")
	}
	return c, nil
}

// checkHeader accepts any JSON header whose alg is exactly HS256.
func checkHeader(h string) error {
	raw, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		return errBadKey
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	if err := json.Unmarshal(raw, &hdr); err != nil {
		return errBadKey
	}
	if hdr.Alg != "HS256" {
		return errors.New("algorithm not allowed: " + hdr.Alg)
	}
	return nil
}

// keyHash is the stored form of a key: SHA-256 of its full text.
func keyHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// keyMAC returns the base64url HMAC-SHA256 of the signing input s.
func keyMAC(secret []byte, s string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
