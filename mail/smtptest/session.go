package smtptest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
)

// Limits of one session.
const (
	maxLine       = 16 << 10 // a command or an AUTH response (RFC 4954 asks for 12288)
	maxSize       = 32 << 20 // one message, as advertised in SIZE
	maxRecipients = 100      // RFC 5321 §4.5.3.1.8
)

// errLineTooLong is a line past its limit; the rest of it was discarded.
var errLineTooLong = errors.New("line too long")

// session is one client connection.
type session struct {
	srv  *Server
	conn net.Conn // nil when driven without a network (the fuzz test)
	r    *bufio.Reader
	w    *bufio.Writer

	tls   bool
	helo  string
	user  string // authenticated user
	from  string
	mail  bool // MAIL was accepted
	rcpts []string
}

// newSession starts a session on c.
func newSession(s *Server, c net.Conn) *session {
	_, isTLS := c.(*tls.Conn)
	return &session{srv: s, conn: c, r: bufio.NewReader(c), w: bufio.NewWriter(c), tls: isTLS}
}

// serve greets the client and answers commands until QUIT, an error or EOF.
func (s *session) serve() {
	s.reply(220, "smtptest ESMTP ready")
	for {
		line, err := s.readLine(maxLine)
		if errors.Is(err, errLineTooLong) {
			s.reply(500, "5.5.2 Line too long")
			continue
		}
		if err != nil {
			return
		}
		if !s.handle(parseCommand(string(line))) {
			return
		}
	}
}

// reply writes one reply line, or several when text has line breaks.
func (s *session) reply(code int, text string) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		fmt.Fprintf(s.w, "%d%s%s\r\n", code, sep, l)
	}
	s.w.Flush()
}

// readLine reads one line without its CRLF (a bare LF is accepted). A line
// longer than limit is read to its end and reported as errLineTooLong.
func (s *session) readLine(limit int) ([]byte, error) {
	var line []byte
	long := false
	for {
		chunk, err := s.r.ReadSlice('\n')
		if !long && len(line)+len(chunk) > limit+2 {
			long, line = true, nil
		}
		if !long {
			line = append(line, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return nil, err // EOF inside a line: the client went away
		}
		break
	}
	if long {
		return nil, errLineTooLong
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// readData reads the message after DATA up to the line ".", removing the
// dot that the client added to each line starting with one (RFC 5321
// §4.5.2). Lines end in CRLF. tooBig means the message passed maxSize and
// was discarded.
func (s *session) readData() (data []byte, tooBig bool, err error) {
	var b bytes.Buffer
	for {
		line, err := s.readLine(maxSize)
		if errors.Is(err, errLineTooLong) {
			tooBig = true
			continue
		}
		if err != nil {
			return nil, false, err
		}
		if len(line) == 1 && line[0] == '.' {
			return b.Bytes(), tooBig, nil
		}
		line = bytes.TrimPrefix(line, []byte("."))
		if b.Len()+len(line)+2 > maxSize {
			tooBig = true
		}
		if !tooBig {
			b.Write(line)
			b.WriteString("\r\n")
		}
	}
}

// resetTransaction forgets MAIL and RCPT.
func (s *session) resetTransaction() {
	s.from, s.mail, s.rcpts = "", false, nil
}

// startTLS upgrades the connection and forgets the session's state, as
// RFC 3207 §4.2 requires.
func (s *session) startTLS() bool {
	s.reply(220, "2.0.0 Ready to start TLS")
	tc := tls.Server(s.conn, s.srv.tls)
	if err := tc.Handshake(); err != nil {
		return false
	}
	s.conn, s.r, s.w = tc, bufio.NewReader(tc), bufio.NewWriter(tc)
	s.tls, s.helo, s.user = true, "", ""
	s.resetTransaction()
	return true
}
