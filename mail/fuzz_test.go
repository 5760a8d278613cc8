package mail

import (
	"bytes"
	"mime"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/mail/smtptest"
)

// FuzzMessage builds messages from arbitrary text and checks that a MIME
// parser reads back the same subject, bodies and attachments, and that no
// input adds a header line.
func FuzzMessage(f *testing.F) {
	f.Add("Factura A-17: ¿recibió?", "Hola\n.\n..x\r\nfin", "<p>á</p>", `"Ñandú, S.A." <a@x.mx>`, "fact ñ.pdf", "application/pdf", []byte{0, 1, 0xff})
	f.Add("a\r\nBcc: x@y", "", "", "b@x.mx", "../x", "", []byte("=_mixed_"))
	f.Fuzz(func(t *testing.T, subject, text, html, to, name, ct string, data []byte) {
		m := &sello.Mail{To: []string{to}, Subject: subject, Text: text, HTML: html,
			Attach: []sello.Attachment{{Name: name, ContentType: ct, Data: data}}}
		p, err := check(m, "f@x.mx")
		if err != nil {
			return
		}
		raw, err := message(m, p, date, "id")
		if err != nil {
			t.Fatalf("message: %v", err)
		}
		got, err := smtptest.Parse(raw)
		if err != nil {
			t.Fatalf("Parse: %v\n%s", err, raw)
		}
		if want := strings.Fields(oneLine(subject)); strings.Join(want, " ") != strings.Join(strings.Fields(got.Subject), " ") {
			t.Errorf("Subject = %q, want %q", got.Subject, subject)
		}
		if want := lf(text); got.Text != want {
			t.Errorf("Text = %q, want %q", got.Text, want)
		}
		if want := lf(html); got.HTML != want {
			t.Errorf("HTML = %q, want %q", got.HTML, want)
		}
		if len(got.Attachments) != 1 {
			t.Fatalf("%d attachments, want 1", len(got.Attachments))
		}
		a := got.Attachments[0]
		wantCT := "application/octet-stream"
		if ct != "" {
			wantCT, _, _ = mime.ParseMediaType(ct)
		}
		if a.Name != fileName(name) || a.ContentType != wantCT || !bytes.Equal(a.Data, data) {
			t.Errorf("attachment %q %q %q, want %q %q %q", a.Name, a.ContentType, a.Data, fileName(name), wantCT, data)
		}
		if n := len(got.Header); n != 7 {
			t.Errorf("%d header fields, want 7: %v", n, got.Header)
		}
	})
}

// lf is the body as the parser returns it: line breaks as LF.
func lf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
