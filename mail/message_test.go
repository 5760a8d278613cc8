package mail

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/mail/smtptest"
)

// date is the fixed clock of the messages.
var date = time.Date(2026, 3, 14, 9, 26, 53, 0, time.FixedZone("", -6*3600))

// messages are the cases, by name.
var messages = map[string]*sello.Mail{
	"plain": {
		To:      []string{"cliente@example.com"},
		Subject: "Your invoice A-17",
		Text:    "Attached is your invoice.\n",
	},
	"factura": {
		From:    `"Tienda Ñandú" <facturas@tienda.mx>`,
		ReplyTo: "soporte@tienda.mx",
		To:      []string{`"José Núñez" <jose@example.com>`, "compras@example.com"},
		Bcc:     []string{"archivo@tienda.mx"},
		Subject: "Factura A-17 de Tienda Ñandú — ¿la recibió?",
		Text:    "Hola José:\n\nAdjuntamos su factura (CFDI 4.0) por $1,160.00 MXN.\n.\nGracias.",
		HTML:    "<p>Hola José:</p>\n<p>Adjuntamos su factura por <b>$1,160.00 MXN</b>.</p>",
		Attach: []sello.Attachment{
			{Name: "5FB2822E-396D-4725-8521-CDC4BDD20CCF.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n\x00\x01\xfe\xff%%EOF\n")},
			{Name: "factura ñ.xml", ContentType: "application/xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<cfdi:Comprobante Version=\"4.0\"/>\n")},
		},
	},
	"bcc-only": {
		From:    "avisos@sello.mx",
		Bcc:     []string{"a@example.com", "b@example.com"},
		Subject: "Aviso",
		Text:    "Sin destinatarios visibles.\n",
	},
	"long-subject": {
		To:      []string{"a@example.com"},
		Subject: strings.Repeat("Recordatorio de pago pendiente, ", 4) + strings.Repeat("ñ", 40),
		Text:    strings.Repeat("una línea muy larga ", 10),
	},
}

// compose checks m and builds it with a fixed clock and id.
func compose(t *testing.T, m *sello.Mail) []byte {
	t.Helper()
	p, err := check(m, "Facturación <facturas@sello.mx>")
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	raw, err := message(m, p, date, "msg_0123456789abcdefghijkl")
	if err != nil {
		t.Fatalf("message: %v", err)
	}
	return raw
}

func TestMessageRoundTrip(t *testing.T) {
	t.Parallel()
	for name, m := range messages {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			raw := compose(t, m)
			got, err := smtptest.Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got.Subject != m.Subject {
				t.Errorf("Subject = %q, want %q", got.Subject, m.Subject)
			}
			if want := strings.ReplaceAll(m.Text, "\r\n", "\n"); got.Text != want {
				t.Errorf("Text = %q, want %q", got.Text, want)
			}
			if got.HTML != m.HTML {
				t.Errorf("HTML = %q, want %q", got.HTML, m.HTML)
			}
			var want []smtptest.Attachment
			for _, a := range m.Attach {
				want = append(want, smtptest.Attachment{Name: a.Name, ContentType: a.ContentType, Data: a.Data})
			}
			if diff := cmp.Diff(want, got.Attachments); diff != "" {
				t.Errorf("Attachments (-want +got):\n%s", diff)
			}
			for _, bcc := range m.Bcc {
				if bytes.Contains(raw, []byte(bcc)) {
					t.Errorf("Bcc %s appears in the message", bcc)
				}
			}
			for i, line := range strings.Split(string(raw), "\r\n") {
				if len(line) > 998 { // RFC 5322 §2.1.1
					t.Errorf("line %d has %d characters: %q", i+1, len(line), line)
				}
			}
		})
	}
}

func TestSubjectInjection(t *testing.T) {
	t.Parallel()
	m := &sello.Mail{To: []string{"a@example.com"}, Subject: "Hola\r\nBcc: spy@evil.example\nX-Evil: 1"}
	got, err := smtptest.Parse(compose(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if got.Header.Get("Bcc") != "" || got.Header.Get("X-Evil") != "" {
		t.Errorf("a line break in the subject added headers: %v", got.Header)
	}
	if want := "Hola Bcc: spy@evil.example X-Evil: 1"; got.Subject != want {
		t.Errorf("Subject = %q, want %q", got.Subject, want)
	}
}

func TestFileName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"factura.pdf":       "factura.pdf",
		"../../etc/passwd":  "passwd",
		`C:\tmp\cfdi.xml`:   "cfdi.xml",
		"a\r\nb.pdf":        "ab.pdf",
		"/":                 "attachment",
		"ñandú factura.xml": "ñandú factura.xml",
		`a"b:c<d>e?f|g.pdf`: "a_b_c_d_e_f_g.pdf",
	}
	for in, want := range tests {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}
