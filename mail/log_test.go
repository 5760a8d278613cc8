package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/mail"
)

func TestLog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := mail.NewLog(slog.New(slog.NewTextHandler(&buf, nil)))
	data := []byte("%PDF")
	m := &sello.Mail{To: []string{"jose@example.com"}, Bcc: []string{"archivo@sello.mx"}, Subject: "Factura A-17",
		Text: "secreto del cuerpo", Attach: []sello.Attachment{{Name: "a.pdf", Data: data}}}
	if err := l.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	data[0], m.To[0] = 'X', "changed@example.com" // Sent keeps copies
	want := []sello.Mail{{To: []string{"jose@example.com"}, Bcc: []string{"archivo@sello.mx"}, Subject: "Factura A-17",
		Text: "secreto del cuerpo", Attach: []sello.Attachment{{Name: "a.pdf", Data: []byte("%PDF")}}}}
	if diff := cmp.Diff(want, l.Sent()); diff != "" {
		t.Errorf("Sent (-want +got):\n%s", diff)
	}
	line := buf.String()
	for _, s := range []string{"jose@example.com", "archivo@sello.mx", "Factura A-17", "attachments=1"} {
		if !strings.Contains(line, s) {
			t.Errorf("log %q lacks %q", line, s)
		}
	}
	if strings.Contains(line, "secreto") {
		t.Errorf("log %q shows the body", line)
	}
}

func TestLogInvalid(t *testing.T) {
	t.Parallel()
	l := mail.NewLog(nil)
	err := l.Send(context.Background(), &sello.Mail{To: []string{"nope"}})
	if sello.ErrorCode(err) != sello.Invalid {
		t.Errorf("Send(bad address) = %v, want Invalid", err)
	}
	if n := len(l.Sent()); n != 0 {
		t.Errorf("Sent has %d messages after a refusal", n)
	}
}
