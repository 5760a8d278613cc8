package smtptest_test

import (
	"fmt"
	"net/textproto"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello/mail/smtptest"
)

// AUTH responses in base64, spelled out so the table reads as the wire does.
const (
	plainGood = "AHVzZXIAcGFzcw==" // "\x00user\x00pass"
	plainBad  = "AHVzZXIAd3Jvbmc=" // "\x00user\x00wrong"
	user64    = "dXNlcg=="         // "user"
	pass64    = "cGFzcw=="         // "pass"
)

// step is one line sent and the reply code wanted; a code of 0 sends the
// line and reads nothing (message data).
type step struct {
	send string
	want int
}

func TestSession(t *testing.T) {
	t.Parallel()
	data := []step{{"DATA", 354}, {"Subject: x", 0}, {"", 0}, {"hola", 0}, {".", 250}}
	tests := []struct {
		name  string
		opts  []smtptest.Option
		steps []step
	}{
		{"mail before ehlo", nil, []step{{"MAIL FROM:<a@x.mx>", 503}}},
		{"helo", nil, []step{{"HELO c", 250}, {"MAIL FROM:<a@x.mx>", 250}}},
		{"ehlo needs a domain", nil, []step{{"EHLO", 501}}},
		{"rcpt before mail", nil, []step{{"EHLO c", 250}, {"RCPT TO:<b@x.mx>", 503}}},
		{"data without rcpt", nil, []step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 250}, {"DATA", 554}}},
		{"data before mail", nil, []step{{"EHLO c", 250}, {"DATA", 503}}},
		{"nested mail", nil, []step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 250}, {"MAIL FROM:<a@x.mx>", 503}}},
		{"rset", nil, []step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 250}, {"RSET", 250}, {"RCPT TO:<b@x.mx>", 503}}},
		{"bad path", nil, []step{{"EHLO c", 250}, {"MAIL FROM:a@x.mx", 501}, {"MAIL TO:<a@x.mx>", 501}}},
		{"null sender", nil, []step{{"EHLO c", 250}, {"MAIL FROM:<>", 250}, {"RCPT TO:<>", 501}}},
		{"params", nil, []step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx> BODY=8BITMIME SMTPUTF8", 250}}},
		{"unknown", nil, []step{{"FROB", 500}, {"", 500}, {"NOOP", 250}, {"VRFY x", 252}}},
		{"line too long", nil, []step{{"NOOP " + strings.Repeat("x", 20000), 500}, {"NOOP", 250}}},
		{"no starttls", nil, []step{{"EHLO c", 250}, {"STARTTLS", 502}}},
		{"no auth", nil, []step{{"EHLO c", 250}, {"AUTH PLAIN " + plainGood, 502}}},
		{"lowercase verbs", nil, []step{{"ehlo c", 250}, {"mail from:<a@x.mx>", 250}, {"rcpt to:<b@x.mx>", 250}}},
		{"whole transaction", nil, append([]step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 250}, {"RCPT TO:<b@x.mx>", 250}}, data...)},
		{"auth required", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 530}}},
		{"auth plain", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"AUTH PLAIN " + plainGood, 235}, {"AUTH PLAIN " + plainGood, 503}, {"MAIL FROM:<a@x.mx>", 250}}},
		{"auth plain challenge", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"AUTH PLAIN", 334}, {plainGood, 235}}},
		{"auth plain wrong", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"AUTH PLAIN " + plainBad, 535}, {"MAIL FROM:<a@x.mx>", 530}}},
		{"auth plain not base64", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"AUTH PLAIN !!", 501}}},
		{"auth cancelled", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"AUTH LOGIN", 334}, {"*", 501}}},
		{"auth login", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"AUTH LOGIN", 334}, {user64, 334}, {pass64, 235}}},
		{"auth login initial", []smtptest.Option{smtptest.WithAuth("user", "pass")},
			[]step{{"EHLO c", 250}, {"AUTH LOGIN " + user64, 334}, {pass64, 235}}},
		{"auth mechanism not offered", []smtptest.Option{smtptest.WithAuth("user", "pass"), smtptest.WithAuthMechanisms("login")},
			[]step{{"EHLO c", 250}, {"AUTH PLAIN " + plainGood, 504}, {"AUTH CRAM-MD5", 504}}},
		{"refused recipient", []smtptest.Option{smtptest.WithRefuseRecipient("No@X.mx")},
			[]step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 250}, {"RCPT TO:<no@x.mx>", 550}, {"RCPT TO:<b@x.mx>", 250}}},
		{"failure injected", []smtptest.Option{smtptest.WithFailure("mail", 451)},
			[]step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 451}}},
		{"failure after data", []smtptest.Option{smtptest.WithFailure(".", 554)},
			append([]step{{"EHLO c", 250}, {"MAIL FROM:<a@x.mx>", 250}, {"RCPT TO:<b@x.mx>", 250}}, append(data[:4:4], step{".", 554})...)},
		{"quit", nil, []step{{"QUIT", 221}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := smtptest.NewServer(tt.opts...)
			t.Cleanup(s.Close)
			converse(t, dial(t, s), tt.steps...)
		})
	}
}

// dial connects to s and reads the greeting.
func dial(t *testing.T, s *smtptest.Server) *textproto.Conn {
	t.Helper()
	c, err := textproto.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, _, err := c.ReadResponse(220); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	return c
}

// converse sends each line and checks each reply's code.
func converse(t *testing.T, c *textproto.Conn, steps ...step) {
	t.Helper()
	for _, st := range steps {
		if err := c.PrintfLine("%s", st.send); err != nil {
			t.Fatalf("send %q: %v", st.send, err)
		}
		if st.want == 0 {
			continue
		}
		if code, msg, err := c.ReadResponse(0); err != nil || code != st.want {
			t.Fatalf("%q: reply %d %q (%v), want %d", st.send, code, msg, err, st.want)
		}
	}
}

func TestRecord(t *testing.T) {
	t.Parallel()
	s := smtptest.NewServer()
	t.Cleanup(s.Close)
	c := dial(t, s)
	converse(t, c, step{"EHLO c", 250}, step{"MAIL FROM:<a@x.mx>", 250},
		step{"RCPT TO:<b@x.mx>", 250}, step{"RCPT TO:<@relay.mx:c@x.mx>", 250}, step{"DATA", 354},
		step{"Subject: =?utf-8?q?Se=C3=B1or?=", 0}, step{"", 0},
		step{"..", 0}, step{"...hidden", 0}, step{"end", 0}, step{".", 250}, step{"QUIT", 221})
	got := s.Messages()
	if len(got) != 1 {
		t.Fatalf("Messages() has %d messages, want 1", len(got))
	}
	m := got[0]
	want := "Subject: =?utf-8?q?Se=C3=B1or?=\r\n\r\n.\r\n..hidden\r\nend\r\n"
	if string(m.Data) != want {
		t.Errorf("Data = %q, want %q", m.Data, want)
	}
	if diff := cmp.Diff([]string{"b@x.mx", "c@x.mx"}, m.To); diff != "" {
		t.Errorf("To (-want +got):\n%s", diff)
	}
	if m.From != "a@x.mx" || m.Subject != "Señor" || m.Text != ".\n..hidden\nend\n" || m.Err != nil {
		t.Errorf("From %q Subject %q Text %q Err %v", m.From, m.Subject, m.Text, m.Err)
	}
}

func TestEHLOExtensions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		opts []smtptest.Option
		want []string
	}{
		{nil, []string{"8BITMIME", "SMTPUTF8", "SIZE 33554432"}},
		{[]smtptest.Option{smtptest.WithSTARTTLS(), smtptest.WithAuth("u", "p")},
			[]string{"8BITMIME", "SMTPUTF8", "SIZE 33554432", "STARTTLS", "AUTH PLAIN LOGIN"}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			s := smtptest.NewServer(tt.opts...)
			t.Cleanup(s.Close)
			c := dial(t, s)
			c.PrintfLine("EHLO c")
			_, msg, err := c.ReadResponse(250)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(msg, "\n")
			if diff := cmp.Diff(tt.want, lines[1:]); diff != "" {
				t.Errorf("EHLO extensions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCloseCutsConnections(t *testing.T) {
	t.Parallel()
	s := smtptest.NewServer()
	c := dial(t, s)
	s.Close() // returns only once the session above has ended
	if _, _, err := c.ReadResponse(0); err == nil {
		t.Error("read after Close succeeded")
	}
}
