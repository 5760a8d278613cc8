package mail

import (
	"errors"
	"io"
	"net"
	"net/textproto"
	"slices"
	"strings"

	"github.com/wneessen/go-mail/smtp"
)

// converse speaks SMTP over conn with go-mail's client: EHLO, STARTTLS,
// AUTH, MAIL, RCPT for each recipient, DATA, QUIT. Each step that fails
// says which one it was; no step sends the message after a recipient is
// refused.
func (s *SMTP) converse(conn net.Conn, env envelope, msg []byte) error {
	c, err := smtp.NewClient(conn, s.host())
	if err != nil {
		return fail("the mail server did not greet", err)
	}
	defer c.Close()
	hello := s.cfg.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return refused("the mail server refused EHLO", err)
	}
	if err := s.startTLS(c); err != nil {
		return err
	}
	if s.cfg.Username != "" {
		if _, isTLS := c.TLSConnectionState(); !isTLS && !isLocalhost(s.host()) {
			return fail("the mail server offers no TLS to protect the credentials", errors.New("no TLS before AUTH"))
		}
		a, err := s.chooseAuth(c)
		if err == nil {
			err = c.Auth(a)
		}
		if err != nil {
			return refused("the mail server refused the credentials", err)
		}
	}
	if err := c.Mail("<" + env.from + ">"); err != nil {
		return refused("the mail server refused the sender "+env.from, err)
	}
	for _, to := range env.to {
		if err := c.Rcpt("<" + to + ">"); err != nil {
			return refused("the mail server refused the recipient "+to, err)
		}
	}
	if err := data(c, msg); err != nil {
		return refused("the mail server refused the message", err)
	}
	c.Quit() // the message is accepted; a failed goodbye changes nothing
	return nil
}

// startTLS upgrades the connection as the TLS mode says.
func (s *SMTP) startTLS(c *smtp.Client) error {
	if s.cfg.TLS != TLSAuto && s.cfg.TLS != TLSStartTLS {
		return nil
	}
	ok, _ := c.Extension("STARTTLS")
	if !ok && s.cfg.TLS == TLSStartTLS {
		return fail("the mail server does not offer STARTTLS", errors.New("no STARTTLS in the EHLO reply"))
	}
	if !ok {
		return nil
	}
	return fail("the TLS handshake with the mail server failed", c.StartTLS(s.tlsConfig()))
}

// chooseAuth picks AUTH PLAIN when the server offers it, else LOGIN. Both
// refuse to send the password over a connection without TLS, except to
// localhost, and to a server other than the one configured.
func (s *SMTP) chooseAuth(c *smtp.Client) (smtp.Auth, error) {
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return nil, errors.New("the server does not offer AUTH")
	}
	offered := strings.Fields(strings.ToUpper(mechs))
	switch {
	case slices.Contains(offered, "PLAIN"):
		return smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.host(), false), nil
	case slices.Contains(offered, "LOGIN"):
		return smtp.LoginAuth(s.cfg.Username, s.cfg.Password, s.host(), false), nil
	}
	return nil, errors.New("the server offers neither AUTH PLAIN nor LOGIN, but " + mechs)
}

// isLocalhost is where credentials may go without TLS, as in net/smtp.
func isLocalhost(name string) bool {
	return name == "localhost" || name == "127.0.0.1" || name == "::1"
}

// data sends the message after DATA; closing the writer reads the
// server's verdict.
func data(c *smtp.Client, msg []byte) error {
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	return w.Close()
}

// refused is the failure of a step the server answers: msg when it said no,
// or that the connection was lost when it did not answer at all.
func refused(msg string, err error) error {
	var reply *textproto.Error
	var netErr net.Error
	if err != nil && !errors.As(err, &reply) &&
		(errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		msg = "the connection to the mail server was lost"
	}
	return fail(msg, err)
}
