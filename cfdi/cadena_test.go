package cfdi_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// signedSamples returns the paths of the signed SAT samples.
func signedSamples(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(cfditest.SATDir(t), "samples", "signed", "*.xml"))
	if err != nil || len(files) == 0 {
		cfditest.SkipOrFail(t, "no signed samples: %v", err)
	}
	return files
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseFile(t testing.TB, path string) *cfdi.Document {
	t.Helper()
	doc, err := cfdi.Parse(readFile(t, path))
	if err != nil {
		t.Fatalf("Parse(%s): %v", filepath.Base(path), err)
	}
	return doc
}

// TestCadenaGolden compares the cadena of every signed sample with the one
// the SAT XSLT produced, byte for byte, and the TFD cadena where present.
func TestCadenaGolden(t *testing.T) {
	t.Parallel()
	for _, path := range signedSamples(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".xml")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc := parseFile(t, path)
			got, err := doc.CadenaOriginal()
			if err != nil {
				t.Fatalf("CadenaOriginal: %v", err)
			}
			want := string(readFile(t, strings.TrimSuffix(path, ".xml")+".cadena.txt"))
			if got != want {
				t.Errorf("CadenaOriginal() mismatch (-want +got):\n%s", cmp.Diff(want, got))
			}
			tfdPath := strings.TrimSuffix(path, ".xml") + ".tfd-cadena.txt"
			wantTFD, err := os.ReadFile(tfdPath)
			gotTFD, stamped := doc.CadenaTFD()
			if err != nil {
				if stamped {
					t.Errorf("CadenaTFD() reports a stamp, but there is no %s", filepath.Base(tfdPath))
				}
				return
			}
			if gotTFD != string(wantTFD) {
				t.Errorf("Document.CadenaTFD() mismatch (-want +got):\n%s", cmp.Diff(string(wantTFD), gotTFD))
			}
			if got := cfdi.CadenaTFD(doc.TFD); got != string(wantTFD) {
				t.Errorf("CadenaTFD(model) mismatch (-want +got):\n%s", cmp.Diff(string(wantTFD), got))
			}
		})
	}
}

// TestCadenaRoundTrip parses each 4.0 sample the model can hold, marshals
// the model again and checks that the cadena does not change, both from the
// model and from the re-read bytes.
func TestCadenaRoundTrip(t *testing.T) {
	t.Parallel()
	for _, path := range signedSamples(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".xml")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc := parseFile(t, path)
			if len(doc.Comprobante.Complemento.Unknown) > 0 {
				t.Skipf("complement without a model: %v", doc.Comprobante.Complemento.Unknown)
			}
			want := string(readFile(t, strings.TrimSuffix(path, ".xml")+".cadena.txt"))
			fromModel, err := cfdi.CadenaOriginal(doc.Comprobante)
			if err != nil {
				t.Fatalf("CadenaOriginal(model): %v", err)
			}
			if fromModel != want {
				t.Errorf("CadenaOriginal(model) mismatch (-want +got):\n%s", cmp.Diff(want, fromModel))
			}
			out, err := cfdi.Marshal(doc.Comprobante)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			again, err := cfdi.Parse(out)
			if err != nil {
				t.Fatalf("Parse(Marshal(...)): %v", err)
			}
			got, err := again.CadenaOriginal()
			if err != nil {
				t.Fatalf("CadenaOriginal after round trip: %v", err)
			}
			if got != want {
				t.Errorf("cadena after Parse→Marshal→Parse mismatch (-want +got):\n%s", cmp.Diff(want, got))
			}
			if diff := cmp.Diff(doc.Comprobante, again.Comprobante); diff != "" {
				t.Errorf("model after round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCadenaUnsupportedComplement(t *testing.T) {
	t.Parallel()
	const xml = `<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0">
<cfdi:Complemento><implocal:ImpuestosLocales xmlns:implocal="http://www.sat.gob.mx/implocal" version="1.0"/></cfdi:Complemento>
</cfdi:Comprobante>`
	doc, err := cfdi.Parse([]byte(xml))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := doc.CadenaOriginal(); !errors.Is(err, cfdi.ErrUnsupportedComplement) || !strings.Contains(err.Error(), "http://www.sat.gob.mx/implocal") {
		t.Errorf("CadenaOriginal() error = %v, want ErrUnsupportedComplement naming implocal", err)
	}
	if want := []string{"http://www.sat.gob.mx/implocal"}; !cmp.Equal(doc.Comprobante.Complemento.Unknown, want) {
		t.Errorf("Unknown = %v, want %v", doc.Comprobante.Complemento.Unknown, want)
	}
	if _, err := cfdi.Marshal(doc.Comprobante); !errors.Is(err, cfdi.ErrUnsupportedComplement) {
		t.Errorf("Marshal() error = %v, want ErrUnsupportedComplement", err)
	}
	if _, err := cfdi.CadenaOriginal(doc.Comprobante); !errors.Is(err, cfdi.ErrUnsupportedComplement) {
		t.Errorf("CadenaOriginal(model) error = %v, want ErrUnsupportedComplement", err)
	}
}

// TestCadenaNestedForeignElement: a foreign element nested inside a stamp is
// refused too, as the SAT stylesheet might have a template for it.
func TestCadenaNestedForeignElement(t *testing.T) {
	t.Parallel()
	data := minimal("", "x", `<c:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1"><i:INE xmlns:i="http://www.sat.gob.mx/ine" Version="1.1"/></tfd:TimbreFiscalDigital></c:Complemento>`)
	doc, err := cfdi.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := doc.CadenaOriginal(); !errors.Is(err, cfdi.ErrUnsupportedComplement) || !strings.Contains(err.Error(), "http://www.sat.gob.mx/ine") {
		t.Errorf("CadenaOriginal() error = %v, want ErrUnsupportedComplement naming ine", err)
	}
}
