package httpapi

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/sello-mx/sello"
)

// The default budget of failed authentications per client: a burst of 20,
// regained at 20 per 10 seconds.
const (
	defaultAuthFailures      = 20
	defaultAuthFailureWindow = 10 * time.Second
	// maxAuthClients bounds the clients remembered (about 64 bytes each).
	maxAuthClients = 10000
)

// WithAuthFailureLimit lets each client (remote address; an IPv6 /64) fail
// authentication n times in a burst, regained at n per window; past it the
// failures answer 429 rate_limit_exceeded with Retry-After instead of 401.
// Requests with a valid key are never limited. n ≤ 0 turns the limit off.
func WithAuthFailureLimit(n int, window time.Duration) Option {
	return func(s *Server) {
		s.authLimit = nil
		if n > 0 && window > 0 {
			s.authLimit = newAuthLimiter(n, window, maxAuthClients)
		}
	}
}

// authenticate checks the request's API key. A failure is counted against
// the client and, once the client is over its budget, answered 429 with
// Retry-After. Success is not counted and never waits for the limiter.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*sello.Auth, error) {
	a, err := s.svc.Authenticate(r.Context(), r.Header.Get("Authorization"))
	if err == nil || s.authLimit == nil {
		return a, err
	}
	switch sello.ErrorCode(err) {
	case sello.Unauthenticated, sello.InvalidToken:
	default: // storage trouble is not the client's failure
		return nil, err
	}
	if wait, ok := s.authLimit.fail(clientOf(r), time.Now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return nil, errTooManyFailures
	}
	return nil, err
}

var errTooManyFailures = &apiError{status: http.StatusTooManyRequests, code: "rate_limit_exceeded",
	message: "Too many failed authentication attempts; retry after the time in Retry-After"}

// clientOf names the client a request comes from: its remote IP address,
// IPv6 addresses grouped by /64 (what one host usually holds). Behind a
// reverse proxy every client is the proxy, which then shares one budget.
func clientOf(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{} // not an IP address: every such client shares one bucket
	}
	ip = ip.Unmap().WithZone("")
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits)
	return p
}

// authLimiter is a token bucket per client, counting failures only. Memory
// is bounded: buckets that have refilled are forgotten (a full bucket is
// the same as none), and when max clients are still failing a new one is
// refused without being remembered.
type authLimiter struct {
	burst  float64
	rate   float64 // tokens regained per second
	window time.Duration
	max    int

	mu      sync.Mutex
	clients map[netip.Prefix]*authBucket
	swept   time.Time
}

type authBucket struct {
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

func newAuthLimiter(n int, window time.Duration, max int) *authLimiter {
	return &authLimiter{burst: float64(n), rate: float64(n) / window.Seconds(), window: window, max: max,
		clients: map[netip.Prefix]*authBucket{}}
}

// fail records one failed authentication of client at now. It reports
// false, with the time until the client may fail again, when the client
// has no budget left.
func (l *authLimiter) fail(client netip.Prefix, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) >= l.window || (len(l.clients) >= l.max && now.Sub(l.swept) >= time.Second) {
		l.sweep(now)
	}
	b := l.clients[client]
	if b == nil {
		if len(l.clients) >= l.max {
			return l.oneToken(), false
		}
		b = &authBucket{tokens: l.burst, at: now}
		l.clients[client] = b
	}
	if d := now.Sub(b.at).Seconds(); d > 0 {
		b.tokens = math.Min(l.burst, b.tokens+d*l.rate)
		b.at = now
	}
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
	}
	b.tokens--
	return 0, true
}

// sweep forgets the clients whose bucket has refilled by now.
func (l *authLimiter) sweep(now time.Time) {
	l.swept = now
	for c, b := range l.clients {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.clients, c)
		}
	}
}

// oneToken is how long a client waits for one failure of budget.
func (l *authLimiter) oneToken() time.Duration {
	return time.Duration(float64(time.Second) / l.rate)
}
