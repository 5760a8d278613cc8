package cfdi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// addSamples seeds f with every SAT sample and a few small documents.
func addSamples(f *testing.F) {
	f.Helper()
	for _, dir := range []string{"signed", "negative"} {
		files, _ := filepath.Glob(filepath.Join(cfditest.SATDir(f), "samples", dir, "*.xml"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add(minimal(`Serie=""`, "a  b", ""))
	f.Add(minimal("", "x", `<c:Addenda><x/></c:Addenda>`))
	f.Add([]byte(`<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" Version="3.3"/>`))
}

// FuzzParse: Parse never panics, and whatever it accepts can be turned into a
// cadena, verified and marshalled without panicking.
func FuzzParse(f *testing.F) {
	addSamples(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := cfdi.Parse(data)
		if err != nil {
			return
		}
		if doc.Comprobante == nil || (doc.Version != "4.0" && doc.Version != "3.3") {
			t.Fatalf("Parse() = %+v without error", doc)
		}
		doc.CadenaOriginal()
		doc.CadenaTFD()
		doc.Verify(nil)
		cfdi.QRExpression(doc.Comprobante)
		cfdi.Marshal(doc.Comprobante)
	})
}

// FuzzCadena: for any document Parse accepts, the model's cadena equals the
// cadena of its own marshalled bytes read back (writer and reader agree), and
// the received cadena has the SAT shape.
func FuzzCadena(f *testing.F) {
	addSamples(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := cfdi.Parse(data)
		if err != nil {
			return
		}
		if got, err := doc.CadenaOriginal(); err == nil {
			if !strings.HasPrefix(got, "|") || !strings.HasSuffix(got, "||") {
				t.Fatalf("CadenaOriginal() = %q, want |…||", got)
			}
		}
		if doc.Version != "4.0" {
			return
		}
		fromModel, err := cfdi.CadenaOriginal(doc.Comprobante)
		if err != nil {
			return
		}
		out, err := cfdi.Marshal(doc.Comprobante)
		if err != nil {
			return // text XML cannot carry
		}
		again, err := cfdi.Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(...)): %v\n%s", err, out)
		}
		got, err := again.CadenaOriginal()
		if err != nil {
			t.Fatalf("CadenaOriginal after round trip: %v", err)
		}
		if got != fromModel {
			t.Fatalf("cadena after Marshal→Parse = %q\nwant %q", got, fromModel)
		}
	})
}
