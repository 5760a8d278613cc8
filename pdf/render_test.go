package pdf_test

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/pdf"
)

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// wantText checks that the text of a rendered document shows what the SAT
// requires to find and verify it: the UUID when stamped, both RFCs, the
// Total, the amount in words and the legend.
func wantText(t *testing.T, name string, c *cfdi.Comprobante, text string) {
	t.Helper()
	text = flat(text)
	want := []string{c.Emisor.Rfc, c.Receptor.Rfc, c.Total, pdf.Legend}
	if tfd := c.Complemento.TFD; tfd != nil {
		want = append(want, tfd.UUID, tfd.NoCertificadoSAT, tfd.FechaTimbrado, tfd.RfcProvCertif)
	}
	amount, currency := c.Total, c.Moneda
	if p := c.Complemento.Pagos; p != nil {
		amount, currency = p.Totales.MontoTotalPagos, "MXN"
	}
	words, err := pdf.AmountInWords(amount, currency)
	if err != nil {
		t.Fatalf("%s: AmountInWords(%q, %q): %v", name, amount, currency, err)
	}
	want = append(want, words)
	for _, k := range c.Conceptos {
		want = append(want, k.ClaveProdServ, k.Importe)
	}
	for _, w := range want {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("%s: the PDF's text lacks %q", name, w)
		}
	}
	if tfd := c.Complemento.TFD; tfd != nil && strings.Count(text, tfd.UUID) < 2 {
		t.Errorf("%s: the UUID is not printed whole both in the header and by the stamp", name)
	}
}

func TestRenderSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		pages int
	}{
		{"satcfdi-xiqb891116qe4_ingreso_iva16_stamped.xml", 1},
		{"satcfdi-he951128469_ingreso_ieps_exento_stamped.xml", 1},
		{"cfdiutils-cfdi40-eku-stamped-unicode.xml", 1},
		{"cfdiutils-cfdi40-real-stamped.xml", 1},
		{"cryptosys-cfdv40-infoglobal-relacionados.xml", 2},
		{"cfdiutils-pago20-eku.xml", 1},
		{"generated-g03-pago20-parcialidad.xml", 1},
		{"cfdiutils-usd-descuentos-eku.xml", 1},
		{"generated-g01-global-publico-en-general.xml", 1},
		{"generated-g05-persona-fisica-honorarios-retenciones.xml", 1},
		{"satcfdi-rentenciones_concepto_suma_100.07.xml", 1},
		{"satcfdi-iva_concepto_suma_100.03.xml", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := sample(t, tt.name)
			out := render(t, c, pdf.Options{})
			text := pdfText(t, out)
			wantText(t, tt.name, c, text)
			if got := strings.Count(text, "\f"); got != tt.pages {
				t.Errorf("%s: %d pages, want %d", tt.name, got, tt.pages)
			}
			if png := pngOf(t, out); !bytes.HasPrefix(png, pngSignature) {
				t.Errorf("%s: pdftoppm gave no PNG", tt.name)
			}
		})
	}
}

// TestRenderPayment checks that a type P document prints each payment and
// each document it pays.
func TestRenderPayment(t *testing.T) {
	t.Parallel()
	c := sample(t, "cfdiutils-pago20-eku.xml")
	raw := pdfText(t, render(t, c, pdf.Options{}))
	cfditest.Golden(t, filepath.Join("testdata", "pago20.txt"), []byte(raw), *update)
	text := flat(raw)
	want := []string{"Complemento para recepción de pagos 2.0", "Pago 1"}
	for _, p := range c.Complemento.Pagos.Pago {
		want = append(want, p.FechaPago, p.Monto, p.NumOperacion, p.CtaOrdenante, p.CtaBeneficiario)
		for _, d := range p.DoctoRelacionado {
			want = append(want, d.IdDocumento, d.ImpSaldoAnt, d.ImpPagado, d.ImpSaldoInsoluto)
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("payment PDF lacks %q", w)
		}
	}
}

// TestRenderStamped renders an invoice computed, sealed and stamped here
// and checks the stamp's data, the seals and the TFD cadena.
func TestRenderStamped(t *testing.T) {
	t.Parallel()
	c := stamped(t, invoice(3))
	out := render(t, c, pdf.Options{BrandColor: "#0A7E8C", Notes: "Gracias por su preferencia."})
	text := pdfText(t, out)
	wantText(t, "stamped", c, text)
	joined := strings.Join(strings.Fields(text), "")
	for _, w := range []string{c.Sello, c.Complemento.TFD.SelloSAT, cfdi.CadenaTFD(c.Complemento.TFD)} {
		if !strings.Contains(joined, strings.Join(strings.Fields(w), "")) {
			t.Errorf("stamped PDF lacks %.40q…", w)
		}
	}
	for _, w := range []string{"Gracias por su preferencia.", "G03 - Gastos en general", "601 - General de Ley Personas Morales",
		"Traslado IVA 16%", "Página 1 de 1", "E48 Unidad de servicio"} {
		if !strings.Contains(flat(text), w) {
			t.Errorf("stamped PDF lacks %q", w)
		}
	}
	if png := pngOf(t, out); !bytes.HasPrefix(png, pngSignature) {
		t.Errorf("pdftoppm gave no PNG")
	}
}

// TestRenderAccents checks that Spanish letters survive the cp1252 core
// fonts.
func TestRenderAccents(t *testing.T) {
	t.Parallel()
	c := sample(t, "satcfdi-xiqb891116qe4_ingreso_iva16_stamped.xml")
	c.Receptor.Nombre = "JOSÉ MUÑOZ PEÑA"
	c.Conceptos[0].Descripcion = "Diseño de pingüino: acción, año, ÁÉÍÓÚ áéíóú Ññ Üü ¿¡"
	text := flat(pdfText(t, render(t, c, pdf.Options{Notes: "Pagaré a la orden; atención: César"})))
	for _, w := range []string{"JOSÉ MUÑOZ PEÑA", "Diseño de pingüino: acción, año, ÁÉÍÓÚ áéíóú Ññ Üü ¿¡",
		"Pagaré a la orden; atención: César", "Régimen fiscal", "representación impresa"} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
}

// TestRenderManyLines checks that a long invoice breaks into pages, every
// line printed once, the totals and the stamp at the end.
func TestRenderManyLines(t *testing.T) {
	t.Parallel()
	c := stamped(t, invoice(120))
	text := pdfText(t, render(t, c, pdf.Options{Watermark: pdf.DraftWatermark}))
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Errorf("120 lines in %d pages, want at least 3", pages)
	}
	if !strings.Contains(text, "Página 1 de "+strconv.Itoa(pages)) || !strings.Contains(text, "Página "+strconv.Itoa(pages)+" de "+strconv.Itoa(pages)) {
		t.Errorf("page numbers wrong for %d pages", pages)
	}
	for _, k := range c.Conceptos {
		if n := strings.Count(text, k.NoIdentificacion+"\n"); n != 1 {
			t.Errorf("line %s printed %d times, want 1", k.NoIdentificacion, n)
		}
	}
	wantText(t, "many lines", c, text)
	last := text[strings.LastIndex(strings.TrimRight(text, "\f"), "\f")+1:]
	if !strings.Contains(flat(last), "Cadena original del complemento de certificación digital del SAT") {
		t.Errorf("the stamp is not on the last page")
	}
}

// TestRenderDeterministic checks that the same input gives the same bytes,
// and that the creation date comes from Options.Now.
func TestRenderDeterministic(t *testing.T) {
	t.Parallel()
	c := sample(t, "cfdiutils-cfdi40-real-stamped.xml")
	opt := pdf.Options{Watermark: pdf.DraftWatermark, Notes: "Notas", BrandColor: "#123456"}
	a, b := render(t, c, opt), render(t, c, opt)
	if !bytes.Equal(a, b) {
		t.Errorf("two renders of the same document differ")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20261127120000)")) {
		t.Errorf("CreationDate is not the fixed clock's")
	}
	golden := filepath.Join("testdata", "real-stamped.txt")
	cfditest.Golden(t, golden, []byte(pdfText(t, a)), *update)
}
