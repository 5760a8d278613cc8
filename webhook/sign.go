package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix starts every signing secret.
const SecretPrefix = "whsec_"

// Tolerance is how far a webhook-timestamp may be from the receiver's clock
// before Verify refuses it (replay protection).
const Tolerance = 5 * time.Minute

// Errors returned by Verify.
var (
	ErrMissingHeaders  = errors.New("webhook: missing webhook-id, webhook-timestamp or webhook-signature")
	ErrBadTimestamp    = errors.New("webhook: timestamp is malformed or outside the tolerance")
	ErrNoMatchingSig   = errors.New("webhook: no signature matches")
	ErrMalformedSecret = errors.New("webhook: secret is not whsec_ followed by base64")
)

// Sign returns the signature of one message with one secret, in the form of
// the webhook-signature header: "v1," and the base64 of HMAC-SHA256 over
// "<id>.<unix seconds>.<body>", keyed with the base64-decoded secret after
// its whsec_ prefix.
func Sign(secret, id string, timestamp time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + mac(key, id, strconv.FormatInt(timestamp.Unix(), 10), body), nil
}

// Verify checks a received webhook: its headers (webhook-id,
// webhook-timestamp, webhook-signature), that the timestamp is within
// Tolerance of now, and that one of the space-separated v1 signatures is
// that of the raw body with secret. It returns nil when the webhook is
// authentic.
func Verify(secret string, header http.Header, body []byte, now time.Time) error {
	id, ts, sigs := header.Get("webhook-id"), header.Get("webhook-timestamp"), header.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return ErrMissingHeaders
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrBadTimestamp
	}
	if d := now.Sub(time.Unix(sec, 0)); d > Tolerance || d < -Tolerance {
		return ErrBadTimestamp
	}
	key, err := secretKey(secret)
	if err != nil {
		return err
	}
	want := mac(key, id, ts, body)
	for _, s := range strings.Fields(sigs) {
		v, sig, ok := strings.Cut(s, ",")
		if ok && v == "v1" && hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return ErrNoMatchingSig
}

func secretKey(secret string) ([]byte, error) {
	b64, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, ErrMalformedSecret
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(key) == 0 {
		return nil, ErrMalformedSecret
	}
	return key, nil
}

func mac(key []byte, id, ts string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
