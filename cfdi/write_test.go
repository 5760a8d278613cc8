package cfdi_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// TestMarshalGolden re-serialises samples with Pagos 2.0 and with a TFD. The
// output must pass the SAT oracles: schema, cadena, Sello, and the SelloSAT
// of the real production stamp.
func TestMarshalGolden(t *testing.T) {
	t.Parallel()
	certs := satCerts(t)
	tests := []struct{ sample, golden string }{
		{"generated-g03-pago20-parcialidad.xml", "marshal-pago20.xml"},
		{"cfdiutils-cfdi40-real-stamped.xml", "marshal-real-stamped.xml"},
		{"cfdiutils-usd-descuentos-eku.xml", "marshal-usd-descuentos.xml"},
		{"generated-g01-global-publico-en-general.xml", "marshal-global.xml"},
		{"generated-g04-egreso-nota-credito-relacionada.xml", "marshal-egreso-relacionada.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			doc := parseFile(t, filepath.Join(cfditest.SATDir(t), "samples", "signed", tt.sample))
			out, err := cfdi.Marshal(doc.Comprobante)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			golden(t, tt.golden, out)
			var opts []cfditest.Option
			if doc.TFD != nil {
				opts = append(opts, cfditest.WithSATCert(certs.Get(doc.TFD.NoCertificadoSAT)))
			}
			cfditest.Oracle(t, out, opts...)
		})
	}
}

func TestMarshalEscaping(t *testing.T) {
	t.Parallel()
	c := invoice(1)
	c.Emisor.Rfc = "H&E951128469"
	c.Conceptos[0].Descripcion = "a & b < c > d \"e\" 'f'\ttab\nnl\rcr Ñ ⏻"
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `Rfc="H&amp;E951128469"`) ||
		!strings.Contains(string(out), `Descripcion="a &amp; b &lt; c &gt; d &quot;e&quot; 'f'&#x9;tab&#xA;nl&#xD;cr Ñ ⏻"`) {
		t.Errorf("Marshal() escaping:\n%s", out)
	}
	doc, err := cfdi.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Comprobante.Conceptos[0].Descripcion; got != c.Conceptos[0].Descripcion {
		t.Errorf("Descripcion after round trip = %q, want %q", got, c.Conceptos[0].Descripcion)
	}
	want, _ := cfdi.CadenaOriginal(c)
	if got, _ := doc.CadenaOriginal(); got != want {
		t.Errorf("cadena after round trip = %q, want %q", got, want)
	}
	cfditest.Oracle(t, out, cfditest.SkipSchema())
}

func TestMarshalRefusesNonXML(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"a\x01b", "a\xffb", "\ufffe", "a\x00"} {
		c := invoice(1)
		c.Conceptos[0].Descripcion = bad
		if _, err := cfdi.Marshal(c); err == nil || !strings.Contains(err.Error(), "Descripcion") {
			t.Errorf("Marshal(Descripcion %q) error = %v, want an error naming Descripcion", bad, err)
		}
	}
}

func TestMarshalRefuses33(t *testing.T) {
	t.Parallel()
	c := invoice(1)
	c.Version = "3.3"
	if _, err := cfdi.Marshal(c); !errors.Is(err, cfdi.ErrUnsupportedVersion) {
		t.Errorf("Marshal(Version 3.3) error = %v, want ErrUnsupportedVersion", err)
	}
	if _, err := cfdi.CadenaOriginal(c); !errors.Is(err, cfdi.ErrUnsupportedVersion) {
		t.Errorf("CadenaOriginal(Version 3.3) error = %v, want ErrUnsupportedVersion", err)
	}
}
