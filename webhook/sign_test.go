package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sello-mx/sello/webhook"
)

// swVerify is an independent Standard Webhooks verifier written from the
// specification: it shares no code with package webhook.
func swVerify(secret string, h http.Header, body []byte) bool {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(h.Get("webhook-id") + "." + h.Get("webhook-timestamp") + "." + string(body)))
	want := "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
	for _, s := range strings.Split(h.Get("webhook-signature"), " ") {
		if hmac.Equal([]byte(s), []byte(want)) {
			return true
		}
	}
	return false
}

const testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

func TestSignMatchesSpec(t *testing.T) {
	t.Parallel()
	// The example of the Standard Webhooks specification.
	ts := time.Unix(1614265330, 0)
	body := []byte(`{"test": 2432232314}`)
	got, err := webhook.Sign(testSecret, "msg_p5jXN8AQM9LWM0D4loKWxJek", ts, body)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	const want = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	if got != want {
		t.Errorf("Sign(spec example) = %q, want %q", got, want)
	}
	h := http.Header{}
	h.Set("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
	h.Set("webhook-timestamp", strconv.FormatInt(ts.Unix(), 10))
	h.Set("webhook-signature", got)
	if !swVerify(testSecret, h, body) {
		t.Errorf("independent verifier refuses Sign's signature")
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"id":"evt_1"}`)
	sig, _ := webhook.Sign(testSecret, "evt_1", now, body)
	other, _ := webhook.Sign("whsec_"+base64.StdEncoding.EncodeToString([]byte("another key of some length...")), "evt_1", now, body)
	header := func(id string, ts time.Time, sig string) http.Header {
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", strconv.FormatInt(ts.Unix(), 10))
		h.Set("webhook-signature", sig)
		return h
	}
	tests := []struct {
		name   string
		header http.Header
		body   string
		secret string
		want   error
	}{
		{"valid", header("evt_1", now, sig), string(body), testSecret, nil},
		{"two signatures, second matches", header("evt_1", now, other+" "+sig), string(body), testSecret, nil},
		{"tampered body", header("evt_1", now, sig), `{"id":"evt_2"}`, testSecret, webhook.ErrNoMatchingSig},
		{"other id", header("evt_2", now, sig), string(body), testSecret, webhook.ErrNoMatchingSig},
		{"wrong secret", header("evt_1", now, other), string(body), testSecret, webhook.ErrNoMatchingSig},
		{"old timestamp", header("evt_1", now.Add(-6*time.Minute), sig), string(body), testSecret, webhook.ErrBadTimestamp},
		{"missing signature", header("evt_1", now, ""), string(body), testSecret, webhook.ErrMissingHeaders},
		{"bad secret", header("evt_1", now, sig), string(body), "nope", webhook.ErrMalformedSecret},
	}
	for _, tt := range tests {
		if err := webhook.Verify(tt.secret, tt.header, []byte(tt.body), now); err != tt.want {
			t.Errorf("Verify(%s) = %v, want %v", tt.name, err, tt.want)
		}
	}
}
