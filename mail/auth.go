package mail

import (
	"errors"
	"net/smtp"
	"slices"
	"strings"
)

// chooseAuth picks AUTH PLAIN when the server offers it, else LOGIN. Both
// refuse to send the password over a connection without TLS, except to
// localhost.
func chooseAuth(c *smtp.Client, user, pass, host string) (smtp.Auth, error) {
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return nil, errors.New("the server does not offer AUTH")
	}
	offered := strings.Fields(strings.ToUpper(mechs))
	switch {
	case slices.Contains(offered, "PLAIN"):
		return smtp.PlainAuth("", user, pass, host), nil
	case slices.Contains(offered, "LOGIN"):
		return &loginAuth{user: user, pass: pass, host: host}, nil
	}
	return nil, errors.New("the server offers neither AUTH PLAIN nor LOGIN, but " + mechs)
}

// loginAuth is the AUTH LOGIN mechanism, which net/smtp lacks: the server
// asks for the user name, then the password.
type loginAuth struct {
	user, pass, host string
}

// Start begins AUTH LOGIN, refusing a connection without TLS to anything
// but localhost and a server other than the one configured.
func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLocalhost(server.Name) {
		return "", nil, errors.New("unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "LOGIN", nil, nil
}

// Next answers the server's "Username:" and "Password:" challenges.
func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch q := strings.ToLower(string(fromServer)); {
	case strings.Contains(q, "user"):
		return []byte(a.user), nil
	case strings.Contains(q, "pass"):
		return []byte(a.pass), nil
	}
	return nil, errors.New("unexpected AUTH LOGIN challenge")
}

// isLocalhost is net/smtp's test for a host where plain text is safe.
func isLocalhost(name string) bool {
	return name == "localhost" || name == "127.0.0.1" || name == "::1"
}
