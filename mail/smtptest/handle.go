package smtptest

import (
	"strconv"
	"strings"
)

// handle answers one command; false ends the session.
func (s *session) handle(verb, arg string) bool {
	if s.srv.drop[verb] {
		return false
	}
	if code, ok := s.srv.fail[verb]; ok && verb != "QUIT" {
		s.reply(code, "smtptest: failure injected for "+verb)
		return code != 421
	}
	switch verb {
	case "EHLO", "HELO":
		s.hello(verb, arg)
	case "STARTTLS":
		return s.startTLSCommand(arg)
	case "AUTH":
		s.auth(arg)
	case "MAIL":
		s.mailFrom(arg)
	case "RCPT":
		s.rcptTo(arg)
	case "DATA":
		return s.data(arg)
	case "RSET":
		s.resetTransaction()
		s.reply(250, "2.0.0 OK")
	case "NOOP":
		s.reply(250, "2.0.0 OK")
	case "VRFY":
		s.reply(252, "2.5.0 Cannot VRFY user, but will accept message")
	case "QUIT":
		s.reply(221, "2.0.0 Bye")
		return false
	default:
		s.reply(500, "5.5.2 Command unrecognized")
	}
	return true
}

// hello answers EHLO with the extensions on offer, or HELO.
func (s *session) hello(verb, arg string) {
	if arg == "" {
		s.reply(501, "5.5.4 "+verb+" needs a domain")
		return
	}
	s.helo = arg
	s.resetTransaction()
	if verb == "HELO" {
		s.reply(250, "smtptest")
		return
	}
	ext := []string{"smtptest greets " + arg, "8BITMIME", "SMTPUTF8", "SIZE " + strconv.Itoa(maxSize)}
	if s.srv.tls != nil && !s.tls {
		ext = append(ext, "STARTTLS")
	}
	if s.srv.user != "" && len(s.srv.mechs) > 0 {
		ext = append(ext, "AUTH "+strings.Join(s.srv.mechs, " "))
	}
	s.reply(250, strings.Join(ext, "\n"))
}

// startTLSCommand answers STARTTLS; false when the handshake failed.
func (s *session) startTLSCommand(arg string) bool {
	switch {
	case arg != "":
		s.reply(501, "5.5.4 STARTTLS takes no parameters")
	case s.srv.tls == nil || s.tls:
		s.reply(502, "5.5.1 STARTTLS not available")
	case s.conn == nil:
		s.reply(454, "4.7.0 TLS not available")
	default:
		return s.startTLS()
	}
	return true
}

// mailFrom starts a transaction.
func (s *session) mailFrom(arg string) {
	switch {
	case s.helo == "":
		s.reply(503, "5.5.1 Send EHLO first")
		return
	case s.srv.user != "" && s.user == "":
		s.reply(530, "5.7.0 Authentication required")
		return
	case s.mail:
		s.reply(503, "5.5.1 Nested MAIL command")
		return
	}
	from, err := parsePath(arg, "FROM")
	if err != nil {
		s.reply(501, "5.5.4 "+err.Error())
		return
	}
	s.from, s.mail = from, true
	s.reply(250, "2.1.0 OK")
}

// rcptTo adds a recipient unless the server was told to refuse it.
func (s *session) rcptTo(arg string) {
	if !s.mail {
		s.reply(503, "5.5.1 Send MAIL first")
		return
	}
	to, err := parsePath(arg, "TO")
	switch {
	case err != nil || to == "":
		s.reply(501, "5.5.4 syntax error in parameters")
	case s.srv.refuse[strings.ToLower(to)]:
		s.reply(550, "5.1.1 <"+to+">: recipient refused")
	case len(s.rcpts) >= maxRecipients:
		s.reply(452, "4.5.3 Too many recipients")
	default:
		s.rcpts = append(s.rcpts, to)
		s.reply(250, "2.1.5 OK")
	}
}

// data receives the message and records it; false when the client left
// in the middle.
func (s *session) data(arg string) bool {
	switch {
	case arg != "":
		s.reply(501, "5.5.4 DATA takes no parameters")
		return true
	case !s.mail:
		s.reply(503, "5.5.1 Send MAIL first")
		return true
	case len(s.rcpts) == 0:
		s.reply(554, "5.5.1 No valid recipients")
		return true
	}
	s.reply(354, "End data with <CR><LF>.<CR><LF>")
	raw, tooBig, err := s.readData()
	if err != nil {
		return false
	}
	defer s.resetTransaction()
	if tooBig {
		s.reply(552, "5.3.4 Message too big")
		return true
	}
	if s.srv.drop["."] {
		return false
	}
	if code, ok := s.srv.fail["."]; ok {
		s.reply(code, "smtptest: failure injected for the message")
		return code != 421
	}
	m, err := Parse(raw)
	m.From, m.To, m.TLS, m.User, m.Err = s.from, s.rcpts, s.tls, s.user, err
	s.srv.record(m)
	s.reply(250, "2.0.0 OK: queued")
	return true
}
