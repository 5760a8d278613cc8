package sandbox

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sello-mx/sello/cfdi/cfditest"
)

// TestStampSamples stamps the unstamped signed samples of the shared folder,
// made by other tools, with the clock one hour after their Fecha: the TFD
// goes in without touching another byte and the SAT's tools accept the result.
func TestStampSamples(t *testing.T) {
	t.Parallel()
	names := []string{
		"generated-g01-global-publico-en-general.xml",
		"generated-g01-global-compact-oneline.xml",
		"generated-g02-ingreso-ppd.xml",
		"generated-g03-pago20-parcialidad.xml",
		"generated-g04-egreso-nota-credito-relacionada.xml",
		"generated-g05-persona-fisica-honorarios-retenciones.xml",
		"cfdiutils-pago20-eku.xml",
		"cfdiutils-usd-descuentos-eku.xml",
	}
	dir := filepath.Join(cfditest.SATDir(t), "samples", "signed")
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			fecha, err := time.ParseInLocation(fechaLayout, parse(t, in).Comprobante.Fecha, mexico)
			if err != nil {
				t.Fatal(err)
			}
			p := newPACAt(t, 9, fecha.Add(time.Hour))
			st, err := p.Stamp(context.Background(), in)
			if err != nil {
				t.Fatalf("Stamp(%s) = %v", name, err)
			}
			cfditest.Oracle(t, st.XML, cfditest.WithSATCert(p.Certificate().X509))
			if got := withoutTFD(st.XML, bytes.Contains(in, []byte("Complemento"))); !bytes.Equal(got, in) {
				t.Errorf("Stamp(%s) changed bytes outside the TFD:\n%s", name, st.XML)
			}
		})
	}
}

func TestStampStampedSample(t *testing.T) {
	t.Parallel()
	in, err := os.ReadFile(filepath.Join(cfditest.SATDir(t), "samples", "signed", "cfdiutils-cfdi40-real-stamped.xml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = newPAC(t, 9).Stamp(context.Background(), in)
	checkRejected(t, err, "307")
}

// withoutTFD removes the TimbreFiscalDigital element, and the Complemento
// that holds it when the stamper created it.
func withoutTFD(doc []byte, hadComplemento bool) []byte {
	i := bytes.Index(doc, []byte("<tfd:TimbreFiscalDigital"))
	if i < 0 {
		return doc
	}
	end := i + bytes.Index(doc[i:], []byte("/>")) + len("/>")
	out := append(append([]byte(nil), doc[:i]...), doc[end:]...)
	if !hadComplemento {
		out = bytes.Replace(out, []byte("<cfdi:Complemento></cfdi:Complemento>"), nil, 1)
	}
	return out
}
