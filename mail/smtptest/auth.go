package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
)

// auth answers AUTH PLAIN and AUTH LOGIN (RFC 4954, RFC 4616).
func (s *session) auth(arg string) {
	switch {
	case s.srv.user == "":
		s.reply(502, "5.5.1 AUTH not available")
		return
	case s.helo == "":
		s.reply(503, "5.5.1 Send EHLO first")
		return
	case s.user != "":
		s.reply(503, "5.5.1 Already authenticated")
		return
	case s.mail:
		s.reply(503, "5.5.1 AUTH not allowed during a transaction")
		return
	}
	mech, initial, _ := strings.Cut(arg, " ")
	mech = strings.ToUpper(mech)
	if !slices.Contains(s.srv.mechs, mech) {
		s.reply(504, "5.5.4 Unrecognized authentication type")
		return
	}
	login := s.plain
	if mech == "LOGIN" {
		login = s.login
	}
	user, pass, err := login(initial)
	switch {
	case errors.Is(err, errAnswered):
	case err != nil:
		s.reply(501, "5.5.2 "+err.Error())
	case user != s.srv.user || pass != s.srv.pass:
		s.reply(535, "5.7.8 Authentication credentials invalid")
	default:
		s.user = user
		s.reply(235, "2.7.0 Authentication successful")
	}
}

// errAnswered means the client's answer was already replied to (a
// cancelled exchange, a line too long) or the connection is gone.
var errAnswered = errors.New("answered")

// plain reads "authzid NUL user NUL pass", from the initial response or
// after an empty challenge.
func (s *session) plain(initial string) (user, pass string, err error) {
	var b []byte
	if initial == "" {
		b, err = s.challenge("")
	} else {
		b, err = decode(initial)
	}
	if err != nil {
		return "", "", err
	}
	parts := bytes.Split(b, []byte{0})
	if len(parts) != 3 {
		return "", "", errors.New("malformed PLAIN response")
	}
	return string(parts[1]), string(parts[2]), nil
}

// login asks for the user name (unless given initially), then the password.
func (s *session) login(initial string) (user, pass string, err error) {
	var u, p []byte
	if initial == "" {
		u, err = s.challenge("Username:")
	} else {
		u, err = decode(initial)
	}
	if err == nil {
		p, err = s.challenge("Password:")
	}
	return string(u), string(p), err
}

// challenge sends a 334 with prompt and reads the client's answer.
func (s *session) challenge(prompt string) ([]byte, error) {
	s.reply(334, base64.StdEncoding.EncodeToString([]byte(prompt)))
	line, err := s.readLine(maxLine)
	switch {
	case errors.Is(err, errLineTooLong):
		s.reply(500, "5.5.6 Authentication exchange line too long")
		return nil, errAnswered
	case err != nil:
		return nil, errAnswered
	case string(line) == "*":
		s.reply(501, "5.0.0 Authentication cancelled")
		return nil, errAnswered
	}
	return decode(string(line))
}

// decode reads a base64 response; "=" is the empty one.
func decode(s string) ([]byte, error) {
	if s == "=" {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("response is not base64")
	}
	return b, nil
}
