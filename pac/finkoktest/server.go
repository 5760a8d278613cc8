// Package finkoktest is a local fake of Finkok's SOAP services for tests:
// an httptest server that speaks the stamp service (stamp, quick_stamp,
// stamped) and the cancel service (cancel, get_sat_status, get_receipt) as
// docs/PAC.md describes them. It really stamps, through a pac/sandbox PAC,
// so the TFDs it returns verify; it remembers what it stamped, so stamped
// and 307 behave; and it can be told to fail the next calls.
package finkoktest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
	_ "time/tzdata" // Finkok writes Mexico City times.

	"github.com/sello-mx/sello/pac/sandbox"
)

// Failure is a way for the fake to fail a call.
type Failure int

// The failures FailNext can inject.
const (
	// Fail500 answers HTTP 500 with a SOAP fault, without doing anything.
	Fail500 Failure = iota + 1
	// FailHang holds the call without answering until the client gives up
	// or the server closes.
	FailHang
	// FailLost does the work (stamps, cancels) and then answers HTTP 500,
	// as when the answer is lost on the way back.
	FailLost
)

// Config configures a fake.
type Config struct {
	// Username and Password are the only credentials the fake accepts.
	Username, Password string
	// PAC stamps and cancels for the fake; its clock and its
	// PendingCancellations are the fake's.
	PAC *sandbox.PAC
	// Now gives the Fecha of cancel answers; nil means time.Now.
	Now func() time.Time
}

// Server is a running fake Finkok.
type Server struct {
	srv        *httptest.Server
	pac        *sandbox.PAC
	user, pass string
	now        func() time.Time
	mexico     *time.Location
	closing    chan struct{}
	closeOnce  sync.Once

	mu       sync.Mutex
	failures []Failure
	calls    map[string]int
	stamps   int
	docs     map[string]document // what the fake stamped, by UUID
}

// document is what get_sat_status needs to know of a stamped CFDI.
type document struct {
	emisor, receptor, total string
}

// New starts a fake Finkok. Close it when done.
func New(cfg Config) *Server {
	s := &Server{
		pac: cfg.PAC, user: cfg.Username, pass: cfg.Password, now: cfg.Now,
		closing: make(chan struct{}), calls: map[string]int{}, docs: map[string]document{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if l, err := time.LoadLocation("America/Mexico_City"); err == nil {
		s.mexico = l
	} else {
		s.mexico = time.UTC
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /servicios/soap/stamp", s.serve(stampOps))
	mux.HandleFunc("POST /servicios/soap/cancel", s.serve(cancelOps))
	s.srv = httptest.NewServer(mux)
	return s
}

// URL returns the base URL of the fake's services, for finkok.Config.URL.
func (s *Server) URL() string { return s.srv.URL + "/servicios/soap/" }

// Close releases hanging calls and stops the server.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// FailNext makes the next n calls, of any operation, fail with f.
func (s *Server) FailNext(n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, f)
	}
}

// Stamps returns how many documents the fake has stamped.
func (s *Server) Stamps() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stamps
}

// UUIDs returns the UUID of every document the fake stamped: its ledger,
// which a fault test compares with what the caller stored.
func (s *Server) UUIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.docs))
	for u := range s.docs {
		out = append(out, u)
	}
	return out
}

// Calls returns how many calls of op ("stamp", "stamped", "cancel"…) the
// fake received, failed ones included.
func (s *Server) Calls(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

// nextFailure counts a call of op and takes the failure queued for it.
func (s *Server) nextFailure(op string) Failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[op]++
	if len(s.failures) == 0 {
		return 0
	}
	f := s.failures[0]
	s.failures = s.failures[1:]
	return f
}
