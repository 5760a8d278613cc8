package cfdi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkShortcuts fails when a shortcut of Validate skips a rule that would
// have found a problem.
func checkShortcuts(t *testing.T, c *Comprobante) {
	t.Helper()
	for i := range c.Conceptos {
		if !valConceptoComplete(&c.Conceptos[i]) {
			continue
		}
		v := &valCtx{c: c}
		valRequiredConcepto(v, &c.Conceptos[i], "Conceptos[i]")
		if len(v.problems) > 0 {
			t.Fatalf("valConceptoComplete(%+v), but valRequiredConcepto found %v", c.Conceptos[i], v.problems)
		}
	}
	if valTextClean(c) {
		v := &valCtx{c: c}
		valTextFields(v)
		if len(v.problems) > 0 {
			t.Fatalf("valTextClean, but valTextFields found %v", v.problems)
		}
	}
	cached := &valCtx{c: c}
	for _, s := range []string{c.SubTotal, c.Total, c.SubTotal, c.Descuento, c.Total} {
		got, okGot := cached.amount(s)
		want, okWant := (&valCtx{c: c}).amount(s)
		if okGot != okWant || !got.Equal(want) || got.String() != want.String() {
			t.Fatalf("amount(%q) = %v, %v; uncached %v, %v", s, got, okGot, want, okWant)
		}
	}
}

func TestValidateShortcuts(t *testing.T) {
	t.Parallel()
	c, err := Compute(calcTenLines())
	if err != nil {
		t.Fatal(err)
	}
	checkShortcuts(t, c)
	bad := []func(k *Concepto){
		func(k *Concepto) { k.Cantidad = "0.000" },
		func(k *Concepto) { k.Cantidad = "" },
		func(k *Concepto) { k.Importe = "1.1234567" },
		func(k *Concepto) { k.Descuento = "-1" },
		func(k *Concepto) { k.Traslados[0].Base = "" },
		func(k *Concepto) { k.Traslados[0].TasaOCuota = "x" },
		func(k *Concepto) { k.Descripcion = "a|b" },
		func(k *Concepto) { k.Unidad = "ñññññññññññññññññññññ" },
	}
	for i, f := range bad {
		c, _ := Compute(calcTenLines())
		f(&c.Conceptos[0])
		checkShortcuts(t, c)
		want := Validate(c, ValidateOptions{})
		if len(want) == 0 {
			t.Errorf("case %d: Validate found nothing", i)
		}
		if valConceptoComplete(&c.Conceptos[0]) && valTextClean(c) {
			t.Errorf("case %d: both shortcuts taken on a broken concept", i)
		}
	}
	if diff := cmp.Diff([]Problem(nil), Validate(c, ValidateOptions{})); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}
}

// FuzzValidateShortcuts: on any document Parse reads, the shortcuts of
// Validate only skip rules that would find nothing.
func FuzzValidateShortcuts(f *testing.F) {
	for _, name := range []string{"generated-g01-global-publico-en-general.xml", "cfdiutils-pago20-eku.xml",
		"satcfdi-mpago2_xiqb891116qe4_ingreso_iva16.xml", "cfdiutils-cfdi40-real-stamped.xml"} {
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
		checkShortcuts(t, d.Comprobante)
	})
}
