package httpapi

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"testing"
	"time"
)

// TestAuthFailureLimit sends bad keys from one client until it is limited:
// its failures then answer 429 with Retry-After, while a valid key (from it
// or from another client) and another client's failures are untouched.
func TestAuthFailureLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	srv := NewServer(e.svc, slog.New(slog.NewTextHandler(io.Discard, nil)), WithAuthFailureLimit(5, time.Hour))
	call := func(addr, key string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/v2/ping", nil)
		r.RemoteAddr = addr
		if key != "" {
			r.Header.Set("Authorization", "Bearer "+key)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	const attacker, other = "192.0.2.1:4000", "198.51.100.7:5000"
	for i := range 5 {
		if w := call(attacker, "bad.key."+strconv.Itoa(i)); w.Code != 401 {
			t.Fatalf("bad key %d = %d, want 401", i, w.Code)
		}
	}
	for _, key := range []string{"bad.key.x", ""} {
		w := call(attacker, key)
		if w.Code != 429 {
			t.Fatalf("bad key %q over the budget = %d %s, want 429", key, w.Code, w.Body)
		}
		// 5 per hour: one failure of budget comes back every 720 s.
		if got := w.Header().Get("Retry-After"); got != "720" {
			t.Errorf("Retry-After = %q, want 720", got)
		}
		var body struct {
			Success bool
			Error   struct{ Code string }
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Success || body.Error.Code != "rate_limit_exceeded" {
			t.Errorf("429 body = %s (%v), want the error envelope with rate_limit_exceeded", w.Body, err)
		}
	}
	if w := call(attacker, e.test); w.Code != 200 {
		t.Errorf("valid key from the limited client = %d, want 200", w.Code)
	}
	if w := call(other, e.test); w.Code != 200 {
		t.Errorf("valid key from another client = %d, want 200", w.Code)
	}
	if w := call(other, "bad.key.y"); w.Code != 401 {
		t.Errorf("another client's first bad key = %d, want 401", w.Code)
	}
	// One IPv6 host is its /64: a neighbouring address shares the budget.
	for i := range 5 {
		call("[2001:db8:1:2::"+strconv.Itoa(i+1)+"]:443", "bad")
	}
	if w := call("[2001:db8:1:2::99]:443", "bad"); w.Code != 429 {
		t.Errorf("bad key from the same IPv6 /64 = %d, want 429", w.Code)
	}
	if w := call("[2001:db8:1:3::1]:443", "bad"); w.Code != 401 {
		t.Errorf("bad key from another IPv6 /64 = %d, want 401", w.Code)
	}
}

// TestAuthFailureLimitOff: WithAuthFailureLimit(0, …) never answers 429.
func TestAuthFailureLimitOff(t *testing.T) {
	t.Parallel()
	e := setup(t)
	srv := NewServer(e.svc, slog.New(slog.NewTextHandler(io.Discard, nil)), WithAuthFailureLimit(0, time.Second))
	for i := range 50 {
		r := httptest.NewRequest("GET", "/v2/ping", nil)
		r.Header.Set("Authorization", "Bearer bad")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("bad key %d = %d, want 401", i, w.Code)
		}
	}
}

// TestAuthLimiterRefillsAndForgets checks the bucket against a fixed clock:
// budget comes back at the configured rate, and clients whose bucket has
// refilled are forgotten so memory stays within max.
func TestAuthLimiterRefillsAndForgets(t *testing.T) {
	t.Parallel()
	l := newAuthLimiter(20, 10*time.Second, 100)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	c := netip.MustParsePrefix("192.0.2.1/32")
	for i := range 20 {
		if _, ok := l.fail(c, t0); !ok {
			t.Fatalf("failure %d refused, want 20 allowed", i)
		}
	}
	if wait, ok := l.fail(c, t0); ok || wait != 500*time.Millisecond {
		t.Errorf("failure 21 = %v, %v; want refused, 500ms", wait, ok)
	}
	if _, ok := l.fail(c, t0.Add(500*time.Millisecond)); !ok {
		t.Errorf("failure after 500ms refused, want one regained")
	}
	if _, ok := l.fail(c, t0.Add(500*time.Millisecond)); ok {
		t.Errorf("second failure after 500ms allowed, want refused")
	}

	// 1,000 clients fail at once: at most max are remembered, and the
	// newcomers past max are refused rather than remembered.
	refused := 0
	for i := range 1000 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}), 32)
		if _, ok := l.fail(p, t0.Add(time.Second)); !ok {
			refused++
		}
	}
	if n := len(l.clients); n > 100 {
		t.Errorf("clients remembered = %d, want ≤ 100", n)
	}
	if refused != 1000-99 {
		t.Errorf("refused = %d, want %d (the table was full)", refused, 1000-99)
	}
	// A window later every bucket has refilled: the next failure sweeps
	// them away and a new client is served again.
	late := t0.Add(time.Minute)
	if _, ok := l.fail(netip.MustParsePrefix("203.0.113.9/32"), late); !ok {
		t.Errorf("new client after the window refused")
	}
	if n := len(l.clients); n != 1 {
		t.Errorf("clients remembered after the sweep = %d, want 1", n)
	}
}
