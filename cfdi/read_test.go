package cfdi_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

const minimal40 = `<?xml version="1.0" encoding="UTF-8"?>
<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/4" Version="4.0" SERIE Fecha="2026-07-01T09:00:00" NoCertificado="30001000000500003416" SubTotal="1.00" Moneda="MXN" Total="1.16" TipoDeComprobante="I" Exportacion="01" LugarExpedicion="42501">
  <c:Emisor Rfc="EKU9003173C9" Nombre="ESCUELA KEMPER URGATE" RegimenFiscal="601"/>
  <c:Receptor Rfc="COSC8001137NA" Nombre="CARLOS CORTES SOTO" DomicilioFiscalReceptor="52000" RegimenFiscalReceptor="612" UsoCFDI="G03"/>
  <c:Conceptos>
    <c:Concepto ClaveProdServ="01010101" Cantidad="1" ClaveUnidad="ACT" Descripcion="DESC" ValorUnitario="1.00" Importe="1.00" ObjetoImp="01"/>
  </c:Conceptos>
  COMPLEMENTO
</c:Comprobante>`

func minimal(serie, desc, complemento string) []byte {
	return []byte(strings.NewReplacer("SERIE", serie, "DESC", desc, "COMPLEMENTO", complemento).Replace(minimal40))
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want error
	}{
		{"empty", "", cfdi.ErrNotXML},
		{"not XML", "hello", cfdi.ErrNotXML},
		{"truncated", `<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0">`, cfdi.ErrNotXML},
		{"two roots", `<a:Comprobante xmlns:a="http://www.sat.gob.mx/cfd/4" Version="4.0"/><b/>`, cfdi.ErrNotXML},
		{"duplicate attribute", `<a:Comprobante xmlns:a="http://www.sat.gob.mx/cfd/4" Version="4.0" Version="4.0"/>`, cfdi.ErrNotXML},
		{"latin1", `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`, cfdi.ErrNotXML},
		{"other root", `<factura/>`, cfdi.ErrNotComprobante},
		{"right name, wrong namespace", `<cfdi:Comprobante xmlns:cfdi="http://example.com/cfd/4" Version="4.0"/>`, cfdi.ErrNotComprobante},
		{"version 3.2", `<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" version="3.2"/>`, cfdi.ErrUnsupportedVersion},
		{"4.0 namespace, 3.3 version", `<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="3.3"/>`, cfdi.ErrUnsupportedVersion},
		{"deep", `<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0">` + strings.Repeat("<a>", 500) + strings.Repeat("</a>", 500) + `</cfdi:Comprobante>`, cfdi.ErrNotXML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := cfdi.Parse([]byte(tt.data)); !errors.Is(err, tt.want) {
				t.Errorf("Parse(%.60q) error = %v, want %v", tt.data, err, tt.want)
			}
		})
	}
}

// TestParseByNamespace: any prefix (here "c") and a BOM are fine.
func TestParseByNamespace(t *testing.T) {
	t.Parallel()
	doc, err := cfdi.Parse(append([]byte("\xef\xbb\xbf"), minimal(`Serie="A"`, "x", "")...))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Version != "4.0" || doc.Comprobante.Serie != "A" || doc.Comprobante.Emisor.Rfc != "EKU9003173C9" || len(doc.Comprobante.Conceptos) != 1 {
		t.Errorf("Parse() = %+v", doc.Comprobante)
	}
}

// TestCadenaPresence: an attribute present but empty is a field, as the
// SAT XSLT tests for the attribute node (CFDI.md §5.1).
func TestCadenaPresence(t *testing.T) {
	t.Parallel()
	tests := []struct{ serie, wantPrefix string }{
		{``, "||4.0|2026-07-01T09:00:00|"},
		{`Serie=""`, "||4.0||2026-07-01T09:00:00|"},
		{`Serie="  A  "`, "||4.0|A|2026-07-01T09:00:00|"},
	}
	for _, tt := range tests {
		data := minimal(tt.serie, "x", "")
		doc, err := cfdi.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := doc.CadenaOriginal()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got, tt.wantPrefix) {
			t.Errorf("CadenaOriginal(%s) = %q, want prefix %q", tt.serie, got, tt.wantPrefix)
		}
		cfditest.Oracle(t, data, cfditest.SkipSchema())
	}
}

// TestCadenaOddities holds the cadena of odd but well-formed documents up
// to xsltproc: whitespace, entities, Unicode spaces, text inside the TFD,
// nómina, CFDI 3.3.
func TestCadenaOddities(t *testing.T) {
	t.Parallel()
	tfd := `<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1" UUID="U" FechaTimbrado="F" RfcProvCertif="R" Leyenda="" SelloCFD="S" NoCertificadoSAT="N" SelloSAT="X">`
	tests := []struct{ name, data string }{
		{"whitespace and entities", string(minimal(`Serie="&#10;A&#9;&#9;B  "`, "  a \t b&#13;&#10;c &amp; &lt;d&gt; &quot;e&quot; ", ""))},
		{"unicode spaces stay", string(minimal("", "a\u00a0\u00a0b\u3000c \u2003 d ⏻ Ñ", ""))},
		{"CRLF inside attribute", string(minimal("", "a\r\n\r\nb", ""))},
		{"text inside TFD leaks", string(minimal("", "x", "<c:Complemento>"+tfd+"\n  texto <![CDATA[ & ]]> \n</tfd:TimbreFiscalDigital></c:Complemento>"))},
		{"empty TFD", string(minimal("", "x", "<c:Complemento>"+tfd+"</tfd:TimbreFiscalDigital></c:Complemento>"))},
		{"comments and PIs", string(minimal("", "x", "<!-- c --><?pi x?><c:Complemento><!-- c --></c:Complemento>"))},
		{"cfdi 3.3", strings.NewReplacer("cfd/4", "cfd/3", `Version="4.0"`, `Version="3.3"`).Replace(string(minimal(`Serie="B"`, "x", "")))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfditest.Oracle(t, []byte(tt.data), cfditest.SkipSchema())
		})
	}
}

func TestParseAddenda(t *testing.T) {
	t.Parallel()
	inner := `<x:Pedido xmlns:x="urn:x" Num="1">&amp; <y/></x:Pedido>`
	doc, err := cfdi.Parse(minimal("", "x", "<c:Addenda>"+inner+"</c:Addenda>"))
	if err != nil {
		t.Fatal(err)
	}
	if string(doc.Addenda) != inner || string(doc.Comprobante.Addenda) != inner {
		t.Errorf("Addenda = %q, want %q", doc.Addenda, inner)
	}
	out, err := cfdi.Marshal(doc.Comprobante)
	if err != nil {
		t.Fatal(err)
	}
	again, err := cfdi.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc.Comprobante, again.Comprobante); diff != "" {
		t.Errorf("Addenda round trip (-want +got):\n%s", diff)
	}
}

func TestDocumentZeroValue(t *testing.T) {
	t.Parallel()
	var d cfdi.Document
	if _, err := d.CadenaOriginal(); err == nil {
		t.Error("CadenaOriginal() on a zero Document = nil error")
	}
	if _, ok := d.CadenaTFD(); ok {
		t.Error("CadenaTFD() on a zero Document reports a stamp")
	}
	if r := d.Verify(nil); r.OK() {
		t.Error("Verify() on a zero Document is OK")
	}
}
