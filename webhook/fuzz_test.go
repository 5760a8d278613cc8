package webhook_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/sello-mx/sello/webhook"
)

// FuzzVerify feeds arbitrary headers and bodies to Verify: it never panics,
// and a message signed with Sign always verifies.
func FuzzVerify(f *testing.F) {
	f.Add("evt_1", "1772388245", "v1,abc", []byte(`{"id":"evt_1"}`))
	f.Add("", "x", "v1, v2,", []byte{})
	f.Add("msg", "-1", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1a,x", []byte("\x00\xff"))
	now := time.Unix(1772388245, 0)
	f.Fuzz(func(t *testing.T, id, ts, sig string, body []byte) {
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", ts)
		h.Set("webhook-signature", sig)
		webhook.Verify(testSecret, h, body, now)

		good, err := webhook.Sign(testSecret, id, now, body)
		if err != nil {
			t.Fatalf("Sign: %v", err)
		}
		h.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
		h.Set("webhook-signature", sig+" "+good)
		if id != "" && h.Get("webhook-id") == id {
			if err := webhook.Verify(testSecret, h, body, now); err != nil {
				t.Errorf("Verify(signed message, id %q) = %v", id, err)
			}
		}
	})
}
