package mail_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/mail"
	"github.com/sello-mx/sello/mail/smtptest"
)

// newSMTP returns an SMTP for srv with a fixed clock and Message-ID, after
// letting edit change the configuration.
func newSMTP(t *testing.T, srv *smtptest.Server, edit func(*mail.Config)) *mail.SMTP {
	t.Helper()
	cfg := mail.Config{Addr: srv.Addr(), From: "Facturación <facturas@sello.mx>", TLSConfig: srv.ClientTLSConfig()}
	if edit != nil {
		edit(&cfg)
	}
	s, err := mail.New(cfg,
		mail.WithClock(func() time.Time { return time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC) }),
		mail.WithIDs(func() string { return "msg_test" }))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// server starts an smtptest.Server closed when the test ends.
func server(t *testing.T, opts ...smtptest.Option) *smtptest.Server {
	t.Helper()
	s := smtptest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// shared reads a file of /work/shared, found from the module root.
func shared(t *testing.T, rel string) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	b, err := os.ReadFile(filepath.Join(dir, "..", "shared", rel))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared file: %v", err)
		}
		t.Skipf("shared file missing: %v", err)
	}
	return b
}

func TestSendRoundTrip(t *testing.T) {
	t.Parallel()
	pdf := shared(t, "sat/spec/PregFrecCFDIVer4_0.pdf")
	xml := shared(t, "sat/samples/signed/cfdiutils-cfdi40-eku-stamped-unicode.xml")
	srv := server(t)
	m := &sello.Mail{
		To:      []string{`"José Núñez" <jose@example.com>`, "compras@example.com"},
		Bcc:     []string{"archivo@sello.mx", "auditoría@sello.mx"},
		Subject: "Factura A-17: ¿recibió su CFDI, señor Núñez?",
		Text:    "Adjuntamos su factura.\n.\n..punto\nGracias.\n",
		HTML:    "<p>Adjuntamos su factura.</p>",
		Attach: []sello.Attachment{
			{Name: "5FB2822E-396D-4725-8521-CDC4BDD20CCF.pdf", ContentType: "application/pdf", Data: pdf},
			{Name: "5FB2822E-396D-4725-8521-CDC4BDD20CCF.xml", ContentType: "application/xml", Data: xml},
		},
	}
	if err := newSMTP(t, srv, nil).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if got.Err != nil {
		t.Fatalf("parse: %v", got.Err)
	}
	wantTo := []string{"jose@example.com", "compras@example.com", "archivo@sello.mx", "auditoría@sello.mx"}
	if diff := cmp.Diff(wantTo, got.To); diff != "" {
		t.Errorf("envelope recipients (-want +got):\n%s", diff)
	}
	if got.From != "facturas@sello.mx" || got.Subject != m.Subject || got.Text != m.Text || got.HTML != m.HTML {
		t.Errorf("From %q Subject %q Text %q HTML %q", got.From, got.Subject, got.Text, got.HTML)
	}
	to, err := got.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Name != "José Núñez" || to[1].Address != "compras@example.com" {
		t.Errorf("header To = %v, %v", to, err)
	}
	if strings.Contains(string(got.Data), "archivo@") || got.Header.Get("Bcc") != "" {
		t.Error("a Bcc recipient appears in the message")
	}
	want := []smtptest.Attachment{
		{Name: m.Attach[0].Name, ContentType: "application/pdf", Data: pdf},
		{Name: m.Attach[1].Name, ContentType: "application/xml", Data: xml},
	}
	sameBytes := cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }) // fast on 300 kB
	if !cmp.Equal(want, got.Attachments, sameBytes) {
		ignore := cmpopts.IgnoreFields(smtptest.Attachment{}, "Data")
		t.Errorf("attachments differ; names and types (-want +got):\n%s", cmp.Diff(want, got.Attachments, ignore))
		for i := range min(len(want), len(got.Attachments)) {
			w, g := want[i].Data, got.Attachments[i].Data
			t.Errorf("attachment %d: %d bytes, want %d; equal: %v", i, len(g), len(w), bytes.Equal(w, g))
		}
	}
	if got.Header.Get("Date") != "Sat, 14 Mar 2026 09:00:00 +0000" || got.Header.Get("Message-Id") != "<msgtest@sello.mx>" {
		t.Errorf("Date %q Message-ID %q", got.Header.Get("Date"), got.Header.Get("Message-Id"))
	}
}

func TestSendSecurity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     []smtptest.Option
		edit     func(*mail.Config)
		wantTLS  bool
		wantUser string
	}{
		{"plain text", nil, nil, false, ""},
		{"starttls when offered", []smtptest.Option{smtptest.WithSTARTTLS()}, nil, true, ""},
		{"starttls required", []smtptest.Option{smtptest.WithSTARTTLS()},
			func(c *mail.Config) { c.TLS = mail.TLSStartTLS }, true, ""},
		{"starttls refused", []smtptest.Option{smtptest.WithSTARTTLS()},
			func(c *mail.Config) { c.TLS = mail.TLSNone }, false, ""},
		{"implicit tls", []smtptest.Option{smtptest.WithImplicitTLS()},
			func(c *mail.Config) { c.TLS = mail.TLSImplicit }, true, ""},
		{"auth plain", []smtptest.Option{smtptest.WithSTARTTLS(), smtptest.WithAuth("facturas", "s3cret")},
			func(c *mail.Config) { c.Username, c.Password = "facturas", "s3cret" }, true, "facturas"},
		{"auth login", []smtptest.Option{smtptest.WithAuth("facturas", "s3cret"), smtptest.WithAuthMechanisms("LOGIN")},
			func(c *mail.Config) { c.Username, c.Password = "facturas", "s3cret" }, false, "facturas"},
		{"auth login over tls", []smtptest.Option{smtptest.WithImplicitTLS(), smtptest.WithAuth("facturas", "s3cret"), smtptest.WithAuthMechanisms("LOGIN")},
			func(c *mail.Config) { c.Username, c.Password, c.TLS = "facturas", "s3cret", mail.TLSImplicit }, true, "facturas"},
		{"hello name", nil, func(c *mail.Config) { c.HelloName = "sello.example" }, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := server(t, tt.opts...)
			m := &sello.Mail{To: []string{"a@example.com"}, Subject: "x", Text: "y"}
			if err := newSMTP(t, srv, tt.edit).Send(context.Background(), m); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.Messages()
			if len(got) != 1 || got[0].TLS != tt.wantTLS || got[0].User != tt.wantUser {
				t.Fatalf("server got %+v, want one message with TLS %v and user %q", got, tt.wantTLS, tt.wantUser)
			}
		})
	}
}

func TestSendFails(t *testing.T) {
	t.Parallel()
	auth := func(c *mail.Config) { c.Username, c.Password = "facturas", "hunter2-secret" }
	tests := []struct {
		name string
		opts []smtptest.Option
		edit func(*mail.Config)
		want string // in the message safe to show
	}{
		{"refused recipient", []smtptest.Option{smtptest.WithRefuseRecipient("archivo@sello.mx")}, nil,
			"refused the recipient archivo@sello.mx"},
		{"refused message", []smtptest.Option{smtptest.WithFailure(".", 554)}, nil, "refused the message"},
		{"temporary failure", []smtptest.Option{smtptest.WithFailure("MAIL", 451)}, nil, "refused the sender"},
		{"shutting down", []smtptest.Option{smtptest.WithFailure("RCPT", 421)}, nil, "refused the recipient"},
		{"ehlo and helo refused", []smtptest.Option{smtptest.WithFailure("EHLO", 554), smtptest.WithFailure("HELO", 554)}, nil, "refused EHLO"},
		{"wrong password", []smtptest.Option{smtptest.WithSTARTTLS(), smtptest.WithAuth("facturas", "other")}, auth, "refused the credentials"},
		{"auth required", []smtptest.Option{smtptest.WithAuth("facturas", "other")}, nil, "refused the sender"},
		{"no auth offered", nil, auth, "refused the credentials"},
		{"crash at rcpt", []smtptest.Option{smtptest.WithDisconnect("RCPT")}, nil, "connection to the mail server was lost"},
		{"crash after data", []smtptest.Option{smtptest.WithDisconnect(".")}, nil, "connection to the mail server was lost"},
		{"credentials in the clear", []smtptest.Option{smtptest.WithAuth("facturas", "hunter2-secret")}, func(c *mail.Config) {
			auth(c)
			_, port, _ := net.SplitHostPort(c.Addr)
			c.Addr = net.JoinHostPort("::ffff:127.0.0.1", port) // the server, by a name that is not localhost
		}, "no TLS to protect the credentials"},
		{"starttls missing", nil, func(c *mail.Config) { c.TLS = mail.TLSStartTLS }, "does not offer STARTTLS"},
		{"untrusted certificate", []smtptest.Option{smtptest.WithSTARTTLS()}, func(c *mail.Config) { c.TLSConfig = nil }, "TLS handshake"},
		{"tls against plain server", nil, func(c *mail.Config) { c.TLS = mail.TLSImplicit }, "cannot be reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := server(t, tt.opts...)
			m := &sello.Mail{To: []string{"a@example.com"}, Bcc: []string{"archivo@sello.mx"}, Subject: "x"}
			err := newSMTP(t, srv, tt.edit).Send(context.Background(), m)
			checkExternal(t, err, tt.want)
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server accepted %d messages", n)
			}
		})
	}
}

// checkExternal wants an ExternalService error whose message has want and
// that nowhere mentions the test password.
func checkExternal(t *testing.T, err error, want string) {
	t.Helper()
	var e *sello.Error
	if !errors.As(err, &e) || e.Code != sello.ExternalService {
		t.Fatalf("Send = %v, want ExternalService", err)
	}
	if !strings.Contains(e.Message, want) {
		t.Errorf("message %q does not say %q", e.Message, want)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestSendUnreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s, err := mail.New(mail.Config{Addr: addr, From: "f@sello.mx"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), &sello.Mail{To: []string{"a@example.com"}})
	checkExternal(t, err, "cannot be reached")
}

func TestSendSilentServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []net.Conn)
	t.Cleanup(func() {
		ln.Close()
		for _, c := range <-done {
			c.Close()
		}
	})
	go func() { // accepts and never greets
		var conns []net.Conn
		for {
			c, err := ln.Accept()
			if err != nil {
				done <- conns
				return
			}
			conns = append(conns, c)
		}
	}()
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		cfg  mail.Config
		want error
	}{
		{"timeout", func() (context.Context, context.CancelFunc) { return context.Background(), func() {} },
			mail.Config{Addr: ln.Addr().String(), From: "f@sello.mx", Timeout: 50 * time.Millisecond}, context.DeadlineExceeded},
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, mail.Config{Addr: ln.Addr().String(), From: "f@sello.mx"}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := mail.New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			err = s.Send(ctx, &sello.Mail{To: []string{"a@example.com"}})
			checkExternal(t, err, "did not greet")
			if !errors.Is(err, tt.want) {
				t.Errorf("Send = %v, want it to wrap %v", err, tt.want)
			}
		})
	}
}

func TestSendInvalid(t *testing.T) {
	t.Parallel()
	srv := server(t)
	err := newSMTP(t, srv, nil).Send(context.Background(), &sello.Mail{To: []string{"not an address"}})
	if sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("Send(bad address) = %v, want Invalid", err)
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	tests := []mail.Config{
		{Addr: "mail.example.com"},
		{Addr: ":587"},
		{Addr: "mail.example.com:587", TLS: "ssl"},
		{Addr: "mail.example.com:587", From: "not an address"},
		{Addr: "mail.example.com:587", Timeout: -time.Second},
	}
	for _, cfg := range tests {
		if _, err := mail.New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", cfg)
		}
	}
}
