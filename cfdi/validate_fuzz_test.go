package cfdi

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzValidate parses mutated samples and validates whatever Parse accepts:
// Validate must never panic on a document read from outside.
func FuzzValidate(f *testing.F) {
	for _, name := range []string{"generated-g01-global-publico-en-general.xml", "cfdiutils-pago20-eku.xml",
		"satcfdi-mpago2_xiqb891116qe4_ingreso_iva16.xml", "cryptosys-cfdv40-infoglobal-relacionados.xml"} {
		b, err := os.ReadFile(filepath.Join(calcSamplesDir(f), name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			return
		}
		c := d.Comprobante
		if c.Complemento.Pagos == nil {
			c.Complemento.Pagos = d.Pagos
		}
		Validate(c, ValidateOptions{})
	})
}
