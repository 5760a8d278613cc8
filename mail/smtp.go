package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/sello-mx/sello"
)

// SMTP sends mail through one SMTP server, one connection per message. It is
// safe for concurrent use.
type SMTP struct {
	cfg   Config
	now   func() time.Time
	newID func() string
}

var _ sello.Mailer = (*SMTP)(nil)

// Option configures an SMTP.
type Option func(*SMTP)

// WithClock sets the clock behind the Date header (tests fix it).
func WithClock(now func() time.Time) Option { return func(s *SMTP) { s.now = now } }

// WithIDs sets the source of Message-IDs, which also names the MIME
// boundaries (tests fix it); only its letters and digits are used.
func WithIDs(newID func() string) Option { return func(s *SMTP) { s.newID = newID } }

// New returns an SMTP for cfg, or an error when cfg is malformed. It does
// not connect: a server that is down shows up on Send.
func New(cfg Config, opts ...Option) (*SMTP, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	s := &SMTP{cfg: cfg, now: time.Now, newID: func() string { return sello.IDGenerator{}.New("msg") }}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Send delivers m to every To and Bcc recipient in one transaction: if the
// server refuses any recipient nothing is sent. Invalid when m is malformed
// (an address, an attachment without a name); ExternalService when the
// server cannot be reached, the TLS handshake or AUTH fails, or the server
// refuses the sender, a recipient or the message.
func (s *SMTP) Send(ctx context.Context, m *sello.Mail) error {
	p, err := check(m, s.cfg.From)
	if err != nil {
		return err
	}
	msg, err := message(m, p, s.now(), s.newID())
	if err != nil {
		return sello.Wrap(sello.Internal, err, "Could not compose the e-mail")
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := s.deliver(ctx, p.env, msg); err != nil {
		var f *failure
		if !errors.As(err, &f) {
			f = &failure{"the mail server cannot be reached", err}
		}
		cause := fmt.Errorf("smtp %s: %w", s.cfg.Addr, f.err)
		if ctx.Err() != nil {
			cause = fmt.Errorf("smtp %s: %w: %w", s.cfg.Addr, ctx.Err(), f.err)
		}
		return sello.Wrap(sello.ExternalService, cause, "Could not send the e-mail: "+f.msg)
	}
	return nil
}

// failure is a failed step: a message safe to show and the cause.
type failure struct {
	msg string
	err error
}

// Error is the message and the cause.
func (f *failure) Error() string { return f.msg + ": " + f.err.Error() }

// fail returns a failure saying msg about err, or nil when err is nil.
func fail(msg string, err error) error {
	if err == nil {
		return nil
	}
	return &failure{msg, err}
}

// deliver connects and runs one SMTP transaction; when ctx ends (cancelled,
// or Config.Timeout passed) whatever I/O is in progress fails.
func (s *SMTP) deliver(ctx context.Context, env envelope, msg []byte) error {
	conn, err := s.dial(ctx)
	if err != nil {
		return fail("the mail server cannot be reached", err)
	}
	defer conn.Close()
	// Only once ctx is done (its error set) does the blocked I/O fail.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	return s.converse(conn, env, msg)
}

// dial opens the TCP connection, in TLS from the start in TLSImplicit mode.
func (s *SMTP) dial(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{}
	if s.cfg.TLS != TLSImplicit {
		return d.DialContext(ctx, "tcp", s.cfg.Addr)
	}
	td := &tls.Dialer{NetDialer: d, Config: s.tlsConfig()}
	return td.DialContext(ctx, "tcp", s.cfg.Addr)
}

// tlsConfig is Config.TLSConfig with the server name set to the host.
func (s *SMTP) tlsConfig() *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.cfg.TLSConfig != nil {
		c = s.cfg.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = s.host()
	}
	return c
}

// host is the host part of Config.Addr.
func (s *SMTP) host() string {
	h, _, _ := net.SplitHostPort(s.cfg.Addr)
	return h
}
