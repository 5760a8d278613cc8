package cfdi

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// valUpdating reports whether the tests run with -update (the flag is
// declared once for the package's tests).
func valUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// valParseSample parses a signed sample with Parse.
func valParseSample(t testing.TB, name string) *Comprobante {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(calcSamplesDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	if d.Comprobante.Complemento.Pagos == nil && d.Pagos != nil {
		d.Comprobante.Complemento.Pagos = d.Pagos
	}
	return d.Comprobante
}

// valCleanSamples are the signed samples that must validate without any
// problem.
var valCleanSamples = []string{
	"cfdiutils-cfdi40-real-stamped.xml",
	"cfdiutils-pago20-eku.xml",
	"cfdiutils-usd-descuentos-eku.xml",
	"generated-g01-global-compact-oneline.xml",
	"generated-g01-global-publico-en-general.xml",
	"generated-g02-ingreso-ppd.xml",
	"generated-g03-pago20-parcialidad.xml",
	"generated-g04-egreso-nota-credito-relacionada.xml",
	"generated-g05-persona-fisica-honorarios-retenciones.xml",
	"satcfdi-pago_he951128469_ingreso_iva8.xml",
}

func TestValidateCleanSamples(t *testing.T) {
	t.Parallel()
	for _, name := range valCleanSamples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if ps := Validate(valParseSample(t, name), ValidateOptions{}); ps != nil {
				t.Errorf("Validate(%s) = %v, want no problems", name, ps)
			}
		})
	}
}

// TestValidateSamplesGolden records the problems of every signed sample in
// testdata/validate/samples.golden (rewrite with -update). The expected
// ones: the satcfdi documents of XIQB891116QE4 (a persona física) declare
// régimen 601, which is for personas morales (CFDI40141); the satcfdi PPD
// invoices omit FormaPago, which the guía requires (CFDI40105); the receptor RFC
// MCI7306249Y1 of the cfdiutils unicode sample fails the check digit; the
// cryptosys sample uses draft-era values on purpose; the nómina sample is N
// (FormaPago absent, CN01), which Sello does not issue.
func TestValidateSamplesGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(calcSamplesDir(t), "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		name := filepath.Base(f)
		b.WriteString(name + "\n")
		for _, p := range Validate(valParseSample(t, name), ValidateOptions{}) {
			b.WriteString("\t" + p.String() + "\n")
		}
	}
	golden := filepath.Join("testdata", "validate", "samples.golden")
	if valUpdating() {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("problems of the samples differ from %s (-want +got):\n%s", golden, diff)
	}
}
