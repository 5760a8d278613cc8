package smtptest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/sello-mx/sello/mail/smtptest"
)

// crlf turns the LF line ends of a readable literal into the wire's CRLF.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

func TestParse(t *testing.T) {
	t.Parallel()
	raw := crlf(`From: a@x.mx
To: b@x.mx
Subject: =?utf-8?q?Factura_de_Se=C3=B1or_?= =?utf-8?b?TsO6w7Fleg==?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=outer

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hola, se=C3=B1or=
 N=C3=BA=C3=B1ez.
Adi=C3=B3s
--inner
Content-Type: text/html; charset=utf-8

<p>Hola</p>
--inner--
--outer
Content-Type: application/pdf
Content-Disposition: attachment; filename*=utf-8''fact%C3%BAra.pdf
Content-Transfer-Encoding: base64

JVBERi0x
LjQK
--outer
Content-Type: text/xml; name="=?utf-8?q?cfdi_=C3=B1.xml?="
Content-Transfer-Encoding: 7bit

<cfdi/>
--outer
Content-Type: text/plain
Content-Disposition: attachment; filename=notes.txt

notes
--outer--
`)
	got, err := smtptest.Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := smtptest.Message{
		Data:    raw,
		Subject: "Factura de Señor Núñez",
		Text:    "Hola, señor Núñez.\nAdiós",
		HTML:    "<p>Hola</p>",
		Attachments: []smtptest.Attachment{
			{Name: "factúra.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n")},
			{Name: "cfdi ñ.xml", ContentType: "text/xml", Data: []byte("<cfdi/>")},
			{Name: "notes.txt", ContentType: "text/plain", Data: []byte("notes")},
		},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(smtptest.Message{}, "Header")); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if got.Header.Get("To") != "b@x.mx" {
		t.Errorf("Header To = %q", got.Header.Get("To"))
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  string
	}{
		{"bad header", "no colon here\n\nx"},
		{"bad content type", "Content-Type: /\n\nx"},
		{"unknown encoding", "Content-Transfer-Encoding: x-uue\n\nx"},
		{"bad base64", "Content-Transfer-Encoding: base64\n\n!!!!\n"},
		{"unterminated multipart", "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n"},
		{"too deep", nested(12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := smtptest.Parse(crlf(tt.raw)); err == nil {
				t.Errorf("Parse(%q) succeeded, want an error", tt.raw)
			}
		})
	}
}

// nested is n multiparts, each the first part of the one before.
func nested(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i)
	}
	b.WriteString("\nx\n")
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\n", i)
	}
	return b.String()
}

func TestParseNested(t *testing.T) {
	t.Parallel()
	m, err := smtptest.Parse(crlf(nested(7)))
	if err != nil || m.Text != "x" {
		t.Errorf("Parse(7 nested multiparts) = Text %q, %v; want \"x\", nil", m.Text, err)
	}
}
