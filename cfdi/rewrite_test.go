package cfdi_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// rewriting changes how a document is written without changing what it
// says: the cadena, and so the seal, must survive it (CFDI.md §15 items 2, 9).
type rewriting struct {
	prefix     string // new prefix for cfdi ("" = default namespace)
	reverse    bool   // reverse every element's attributes
	comments   bool   // a comment and a PI before every element
	apostrophe bool   // attribute values in single quotes
	crlf       bool   // CRLF line ends
}

func rewrite(t *testing.T, data []byte, rw rewriting) []byte {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var b bytes.Buffer
	name := func(n xml.Name) string {
		if n.Space == "cfdi" {
			n.Space = rw.prefix
		}
		if n.Space == "" {
			return n.Local
		}
		return n.Space + ":" + n.Local
	}
	q, escQ := `"`, "&quot;"
	if rw.apostrophe {
		q, escQ = "'", "&apos;"
	}
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", q, escQ, "\t", "&#9;", "\n", "&#10;", "\r", "&#13;")
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if rw.comments {
				b.WriteString("<!-- comentario --><?proc x?>")
			}
			attrs := slices.Clone(tok.Attr)
			if rw.reverse {
				slices.Reverse(attrs)
			}
			b.WriteString("<" + name(tok.Name))
			for _, a := range attrs {
				an := a.Name
				if an.Space == "xmlns" && an.Local == "cfdi" {
					an = xml.Name{Space: "xmlns", Local: rw.prefix}
					if rw.prefix == "" {
						an = xml.Name{Local: "xmlns"}
					}
				}
				b.WriteString(" " + func() string {
					if an.Space == "" {
						return an.Local
					}
					return an.Space + ":" + an.Local
				}() + "=" + q + esc.Replace(a.Value) + q)
			}
			b.WriteString(">")
		case xml.EndElement:
			b.WriteString("</" + name(tok.Name) + ">")
		case xml.CharData:
			s := strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(string(tok))
			if rw.crlf {
				s = strings.ReplaceAll(s, "\n", "\r\n")
			}
			b.WriteString(s)
		case xml.ProcInst:
			b.WriteString("<?" + tok.Target + " " + string(tok.Inst) + "?>")
		case xml.Comment:
			b.WriteString("<!--" + string(tok) + "-->")
		}
	}
	return b.Bytes()
}

// TestCadenaSurvivesRewriting rewrites samples in ways that keep their
// meaning and holds each result to the oracles (xsltproc cadena, openssl
// Sello) and to the golden cadena.
func TestCadenaSurvivesRewriting(t *testing.T) {
	t.Parallel()
	samples := []string{
		"generated-g02-ingreso-ppd.xml",
		"generated-g03-pago20-parcialidad.xml",
		"cfdiutils-usd-descuentos-eku.xml",
		"cfdiutils-cfdi40-eku-stamped-unicode.xml",
		"satcfdi-invoice_nomina.xml",
	}
	rewritings := map[string]rewriting{
		"prefix x":          {prefix: "x"},
		"default namespace": {prefix: ""},
		"reversed attributes, comments, apostrophes, CRLF": {prefix: "cfdi", reverse: true, comments: true, apostrophe: true, crlf: true},
	}
	for _, s := range samples {
		path := filepath.Join(cfditest.SATDir(t), "samples", "signed", s)
		want := string(readFile(t, strings.TrimSuffix(path, ".xml")+".cadena.txt"))
		for name, rw := range rewritings {
			t.Run(s+"/"+name, func(t *testing.T) {
				t.Parallel()
				data := rewrite(t, readFile(t, path), rw)
				doc, err := cfdi.Parse(data)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if got, err := doc.CadenaOriginal(); got != want || err != nil {
					t.Errorf("CadenaOriginal() = %q, %v\nwant %q", got, err, want)
				}
				cfditest.Oracle(t, data, cfditest.SkipSchema())
			})
		}
	}
}
