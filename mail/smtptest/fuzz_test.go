package smtptest

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
)

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"MAIL FROM:<a@x.mx>", "RCPT TO:<@r.mx,@s.mx:b@x.mx> NOTIFY=NEVER",
		"MAIL FROM:<>", "mail from: <a@x.mx> BODY=8BITMIME", "RCPT TO:<a", "RCPT TO:<a@b>x", "DATA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		verb, arg := parseCommand(line)
		if verb != strings.ToUpper(verb) {
			t.Fatalf("parseCommand(%q) verb %q is not upper case", line, verb)
		}
		for _, kw := range []string{"FROM", "TO"} {
			addr, err := parsePath(arg, kw)
			if err != nil {
				continue
			}
			if strings.ContainsAny(addr, "<> \t") || addr != "" && !validMailbox(addr) {
				t.Fatalf("parsePath(%q, %s) = %q, not a mailbox", arg, kw, addr)
			}
		}
	})
}

// FuzzSession drives a whole session with arbitrary client bytes: it must
// end (at EOF) without panicking, whatever the input.
func FuzzSession(f *testing.F) {
	f.Add([]byte("EHLO c\r\nAUTH PLAIN AHUAcA==\r\nMAIL FROM:<a@x.mx>\r\nRCPT TO:<b@x.mx>\r\nDATA\r\nSubject: x\r\n\r\n..y\r\n.\r\nQUIT\r\n"))
	f.Add([]byte("EHLO c\nAUTH LOGIN\ndQ==\ncA==\nMAIL FROM:<a@x.mx>\nRCPT TO:<no@x.mx>\nRSET\nSTARTTLS\n"))
	f.Add([]byte("HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<b@x.mx>\r\nDATA\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		srv := &Server{mechs: []string{"PLAIN", "LOGIN"}, refuse: map[string]bool{"no@x.mx": true},
			fail: map[string]int{}, drop: map[string]bool{}, user: "u", pass: "p"}
		s := &session{srv: srv, r: bufio.NewReader(bytes.NewReader(in)), w: bufio.NewWriter(io.Discard)}
		s.serve()
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("Subject: =?utf-8?q?x?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b--\r\n"))
	f.Add([]byte("Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=C3=B1=\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, _ := Parse(raw)
		if !bytes.Equal(m.Data, raw) {
			t.Fatal("Parse changed Data")
		}
	})
}
