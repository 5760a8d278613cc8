package cfdi_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// fullComprobante returns a Comprobante with every element and attribute of
// the model present, each string a distinct value.
func fullComprobante() *cfdi.Comprobante {
	c := invoice(2)
	c.InformacionGlobal = &cfdi.InformacionGlobal{}
	c.CfdiRelacionados = []cfdi.CfdiRelacionados{{UUIDs: []string{"", ""}}, {UUIDs: []string{""}}}
	c.Conceptos[0].ACuentaTerceros = &cfdi.ACuentaTerceros{}
	c.Conceptos[0].InformacionAduanera = []string{"", ""}
	c.Conceptos[0].CuentaPredial = []string{""}
	c.Conceptos[0].Partes = []cfdi.Parte{{InformacionAduanera: []string{""}}, {}}
	c.Conceptos[1].Traslados = append(c.Conceptos[1].Traslados, cfdi.Traslado{})
	c.Impuestos.Traslados = append(c.Impuestos.Traslados, cfdi.Traslado{})
	c.Impuestos.Retenciones = append(c.Impuestos.Retenciones, cfdi.Retencion{})
	dr := cfdi.DoctoRelacionado{RetencionesDR: make([]cfdi.ImpuestoDR, 2), TrasladosDR: make([]cfdi.ImpuestoDR, 2)}
	c.Complemento.Pagos = &cfdi.Pagos{Pago: []cfdi.Pago{
		{DoctoRelacionado: []cfdi.DoctoRelacionado{dr, dr}, ImpuestosP: &cfdi.ImpuestosP{RetencionesP: make([]cfdi.ImpuestoP, 2), TrasladosP: make([]cfdi.ImpuestoP, 2)}},
		{DoctoRelacionado: []cfdi.DoctoRelacionado{dr}},
	}}
	c.Complemento.TFD = &cfdi.TimbreFiscalDigital{}
	for i, p := range stringFields(c) {
		*p = fmt.Sprintf("v%d", i)
	}
	c.Version = "4.0"
	return c
}

// stringFields returns pointers to every string of c, in a fixed order.
func stringFields(c *cfdi.Comprobante) []*string {
	var out []*string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.Addr().Interface().(*string))
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				return // Addenda
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(c).Elem())
	return out
}

// TestCadenaFullModel holds the cadena of a model with every field set to
// xsltproc, through Marshal.
func TestCadenaFullModel(t *testing.T) {
	t.Parallel()
	c := fullComprobante()
	c.Sello, c.Certificado = "", "" // not sealed: the oracle checks the cadena only
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	cfditest.Oracle(t, out, cfditest.SkipSchema())
	doc, err := cfdi.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := cfdi.CadenaOriginal(c)
	if got, _ := doc.CadenaOriginal(); got != want {
		t.Errorf("cadena of the full model:\n model %q\n  read %q", want, got)
	}
}

// FuzzModelCadena: blank any subset of the fields of a full model and put
// arbitrary text in one; the cadena built from the model must equal the one
// the XSLT tables compute from Marshal's output read back.
func FuzzModelCadena(f *testing.F) {
	f.Add(uint64(0), uint64(0), 3, "  a  b ")
	f.Add(^uint64(0), uint64(0), 0, "")
	f.Add(uint64(0xf0f0f0f0f0f0f0f0), uint64(0x0f0f), 57, "x&amp;<\t\n\r>\"'Ñ\u00a0")
	f.Fuzz(func(t *testing.T, mask1, mask2 uint64, field int, text string) {
		c := fullComprobante()
		fields := stringFields(c)
		for i, p := range fields {
			if (i < 64 && mask1&(1<<i) != 0) || (i >= 64 && i < 128 && mask2&(1<<(i-64)) != 0) {
				*p = ""
			}
		}
		if field >= 0 && len(fields) > 0 {
			*fields[field%len(fields)] = text
		}
		c.Version = "4.0" // Parse refuses other versions
		want, err := cfdi.CadenaOriginal(c)
		if err != nil {
			t.Fatal(err)
		}
		out, err := cfdi.Marshal(c)
		if err != nil {
			return // text XML cannot carry
		}
		doc, err := cfdi.Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(...)): %v\n%s", err, out)
		}
		got, err := doc.CadenaOriginal()
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("cadena of Marshal output read back differs:\n model %q\n  read %q", want, got)
		}
	})
}
