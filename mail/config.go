package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"time"
)

// TLSMode says how the connection to the SMTP server is protected.
type TLSMode string

// The TLS modes.
const (
	// TLSAuto upgrades with STARTTLS when the server offers it and sends in
	// the clear otherwise. A failed handshake fails the send (no fallback to
	// plain text), and credentials are never sent in the clear except to
	// localhost.
	TLSAuto TLSMode = ""
	// TLSStartTLS requires STARTTLS and fails when the server does not offer it.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte, usually on port 465.
	TLSImplicit TLSMode = "tls"
	// TLSNone never uses TLS.
	TLSNone TLSMode = "none"
)

// DefaultTimeout bounds one Send (dial, TLS, every command and the data)
// when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config says where and how SMTP sends mail.
type Config struct {
	Addr      string        // "host:port"
	Username  string        // AUTH user; no AUTH when ""
	Password  string        // AUTH password; never appears in errors
	From      string        // default sender, "Name <addr>" or addr
	TLS       TLSMode       // TLSAuto when ""
	Timeout   time.Duration // DefaultTimeout when zero
	HelloName string        // the EHLO name; "localhost" when ""
	// TLSConfig verifies the server (RootCAs for a private CA, as tests
	// do); nil means the system roots. ServerName defaults to the host.
	TLSConfig *tls.Config
}

// validate checks the parts of the configuration that do not need a server.
func (c Config) validate() error {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("mail: SMTP address %q is not host:port", c.Addr)
	}
	switch c.TLS {
	case TLSAuto, TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("mail: unknown TLS mode %q (want starttls, tls or none)", c.TLS)
	}
	if c.From != "" {
		if _, err := mail.ParseAddress(c.From); err != nil {
			return fmt.Errorf("mail: default sender %q is not an address", c.From)
		}
	}
	if c.Timeout < 0 {
		return errors.New("mail: negative timeout")
	}
	return nil
}

// ConfigFromEnv reads SMTP_URL through getenv:
//
//	smtp://user:pass@host:587?from=facturas@example.mx
//	smtps://user:pass@host?from=Facturas%20%3Cfacturas%40example.mx%3E
//
// smtp:// uses STARTTLS when offered (port 587 by default), smtps:// implicit
// TLS (port 465 by default). Query parameters: from (the default sender),
// tls (starttls, tls or none), timeout (a Go duration) and hello (the EHLO
// name); user and password are percent-encoded. ok is false when SMTP_URL is
// unset or empty. A malformed one gives ok and an error that says what is
// wrong without repeating the password.
func ConfigFromEnv(getenv func(string) string) (cfg Config, ok bool, err error) {
	raw := getenv("SMTP_URL")
	if raw == "" {
		return Config{}, false, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL, password included
		}
		return Config{}, true, fmt.Errorf("mail: SMTP_URL: %v", err)
	}
	cfg, err = configFromURL(u)
	if err != nil {
		return Config{}, true, fmt.Errorf("mail: SMTP_URL: %w", err)
	}
	return cfg, true, cfg.validate()
}

// configFromURL maps a parsed SMTP_URL onto a Config.
func configFromURL(u *url.URL) (Config, error) {
	var cfg Config
	port := ""
	switch u.Scheme {
	case "smtp":
		port = "587"
	case "smtps":
		port, cfg.TLS = "465", TLSImplicit
	default:
		return cfg, fmt.Errorf("scheme %q is not smtp or smtps", u.Scheme)
	}
	if u.Hostname() == "" {
		return cfg, errors.New("no host")
	}
	if u.Port() != "" {
		port = u.Port()
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return cfg, fmt.Errorf("port %q is not a number", port)
	}
	cfg.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	q := u.Query()
	cfg.From, cfg.HelloName = q.Get("from"), q.Get("hello")
	if t := q.Get("tls"); t != "" {
		cfg.TLS = TLSMode(t)
	}
	if t := q.Get("timeout"); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("timeout %q is not a positive duration", t)
		}
		cfg.Timeout = d
	}
	return cfg, nil
}
