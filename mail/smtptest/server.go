// Package smtptest is an in-process SMTP server for tests, in the manner of
// net/http/httptest: NewServer listens on 127.0.0.1, records every message it
// accepts and parses it (Messages), and can offer STARTTLS or implicit TLS
// with a self-signed certificate, require AUTH PLAIN or LOGIN, refuse
// recipients and fail any command on request.
package smtptest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"strings"
	"sync"
)

// Server is an SMTP server on 127.0.0.1. It speaks EHLO/HELO, STARTTLS,
// AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP, VRFY and QUIT.
type Server struct {
	ln       net.Listener
	tls      *tls.Config // nil: no TLS at all
	implicit bool        // TLS from the first byte instead of STARTTLS
	cert     *x509.Certificate
	user     string // AUTH required when not ""
	pass     string
	mechs    []string
	refuse   map[string]bool
	fail     map[string]int
	drop     map[string]bool

	mu     sync.Mutex
	msgs   []Message
	conns  map[net.Conn]bool
	closed bool
	wg     sync.WaitGroup
}

// Option configures a Server.
type Option func(*Server)

// WithSTARTTLS offers STARTTLS with a self-signed certificate for
// 127.0.0.1, ::1 and localhost; ClientTLSConfig trusts it.
func WithSTARTTLS() Option { return func(s *Server) { s.tls = selfSigned(s) } }

// WithImplicitTLS speaks TLS from the first byte, as on port 465, with the
// certificate of WithSTARTTLS.
func WithImplicitTLS() Option {
	return func(s *Server) { s.tls, s.implicit = selfSigned(s), true }
}

// WithAuth requires AUTH with user and pass before MAIL, offering PLAIN and
// LOGIN (see WithAuthMechanisms).
func WithAuth(user, pass string) Option { return func(s *Server) { s.user, s.pass = user, pass } }

// WithAuthMechanisms sets the AUTH mechanisms the server offers and
// accepts, among "PLAIN" and "LOGIN".
func WithAuthMechanisms(mechs ...string) Option {
	return func(s *Server) {
		s.mechs = nil
		for _, m := range mechs {
			s.mechs = append(s.mechs, strings.ToUpper(m))
		}
	}
}

// WithRefuseRecipient answers RCPT for each address (case-insensitive) with
// 550 5.1.1.
func WithRefuseRecipient(addrs ...string) Option {
	return func(s *Server) {
		for _, a := range addrs {
			s.refuse[strings.ToLower(a)] = true
		}
	}
}

// WithFailure answers command (a verb such as "MAIL", "RCPT" or "DATA", or
// "." for the end of the message data) with code, say 451 or 554. A 421
// also closes the connection, as a server shutting down does. QUIT always
// succeeds.
func WithFailure(command string, code int) Option {
	return func(s *Server) { s.fail[strings.ToUpper(command)] = code }
}

// WithDisconnect closes the connection without a reply when command (a
// verb, or "." for the end of the message data) arrives, as a server that
// crashes does.
func WithDisconnect(command string) Option {
	return func(s *Server) { s.drop[strings.ToUpper(command)] = true }
}

// NewServer starts a Server on 127.0.0.1 and an ephemeral port. Like
// httptest.NewServer it panics when it cannot listen. Close stops it.
func NewServer(opts ...Option) *Server {
	s := &Server{mechs: []string{"PLAIN", "LOGIN"}, refuse: map[string]bool{},
		fail: map[string]int{}, drop: map[string]bool{}, conns: map[net.Conn]bool{}}
	for _, o := range opts {
		o(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("smtptest: listen: " + err.Error())
	}
	if s.implicit {
		ln = tls.NewListener(ln, s.tls)
	}
	s.ln = ln
	s.wg.Add(1)
	go s.accept()
	return s
}

// Addr is the server's "127.0.0.1:port".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Certificate is the server's self-signed certificate, nil without TLS.
func (s *Server) Certificate() *x509.Certificate { return s.cert }

// ClientTLSConfig is a client configuration that trusts the server's
// certificate, nil without TLS.
func (s *Server) ClientTLSConfig() *tls.Config {
	if s.cert == nil {
		return nil
	}
	pool := x509.NewCertPool()
	pool.AddCert(s.cert)
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

// Messages returns the messages accepted so far, oldest first. A message
// is recorded before the server acknowledges its data, so it is here as
// soon as the client's send returns.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Close stops listening, cuts every open connection and waits for them to end.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.wg.Wait()
}

// accept serves each connection in its own goroutine until Close.
func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			newSession(s, c).serve()
			c.Close()
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// record keeps an accepted message.
func (s *Server) record(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
}
