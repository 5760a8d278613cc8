package main

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"
)

// TestHTTPServerTimeouts: every phase of a connection is bounded, writing
// included (a client that never reads its answer must not hold one).
func TestHTTPServerTimeouts(t *testing.T) {
	t.Parallel()
	srv := newHTTPServer(http.NotFoundHandler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	for name, got := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout,
		"ReadTimeout":       srv.ReadTimeout,
		"WriteTimeout":      srv.WriteTimeout,
		"IdleTimeout":       srv.IdleTimeout,
	} {
		if got <= 0 || got > 2*time.Minute {
			t.Errorf("%s = %v, want set and at most 2m", name, got)
		}
	}
	if srv.WriteTimeout < srv.ReadTimeout {
		t.Errorf("WriteTimeout %v < ReadTimeout %v: a slow upload would leave no time to answer", srv.WriteTimeout, srv.ReadTimeout)
	}
}

func TestFailureLimitFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		n    int
		per  time.Duration
		fail bool
	}{
		{in: "20/10s", n: 20, per: 10 * time.Second},
		{in: "100/1m", n: 100, per: time.Minute},
		{in: "0", n: 0},
		{in: "20", fail: true},
		{in: "-1/10s", fail: true},
		{in: "5/0s", fail: true},
		{in: "x/10s", fail: true},
		{in: "5/soon", fail: true},
	} {
		f := failureLimit{n: 20, per: 10 * time.Second}
		err := f.Set(tc.in)
		if tc.fail {
			if err == nil {
				t.Errorf("Set(%q) = nil, want an error", tc.in)
			}
			continue
		}
		if err != nil || f.n != tc.n || (tc.n > 0 && f.per != tc.per) {
			t.Errorf("Set(%q) = %v, {%d %v}; want {%d %v}", tc.in, err, f.n, f.per, tc.n, tc.per)
		}
		if tc.n > 0 && f.String() != tc.in && tc.in != "100/1m" {
			t.Errorf("String() = %q, want %q", f.String(), tc.in)
		}
	}
}
