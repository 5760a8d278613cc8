package sandbox

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"

	"github.com/sello-mx/sello/cfdi"
)

// shortTFD is a TFD with short values, to keep the expected strings readable.
var shortTFD = &cfdi.TimbreFiscalDigital{Version: "1.1", UUID: "U", FechaTimbrado: "F", RfcProvCertif: "R&P", SelloCFD: "S", NoCertificadoSAT: "N", SelloSAT: "X"}

// tfdXML is shortTFD as written when the document declares xsi.
const tfdXML = `<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" xsi:schemaLocation="http://www.sat.gob.mx/TimbreFiscalDigital http://www.sat.gob.mx/sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd" Version="1.1" UUID="U" FechaTimbrado="F" RfcProvCertif="R&amp;P" SelloCFD="S" NoCertificadoSAT="N" SelloSAT="X"/>`

// root opens a Comprobante declaring cfdi and xsi.
const root = `<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Version="4.0">`

func TestInsertTFD(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{
			"no Complemento",
			root + "\n  <cfdi:Emisor/>\n</cfdi:Comprobante>\n",
			root + "\n  <cfdi:Emisor/>\n<cfdi:Complemento>" + tfdXML + "</cfdi:Complemento></cfdi:Comprobante>\n",
		},
		{
			"existing Complemento with a complement",
			root + `<cfdi:Complemento><pago20:Pagos xmlns:pago20="http://www.sat.gob.mx/Pagos20"/></cfdi:Complemento></cfdi:Comprobante>`,
			root + `<cfdi:Complemento><pago20:Pagos xmlns:pago20="http://www.sat.gob.mx/Pagos20"/>` + tfdXML + `</cfdi:Complemento></cfdi:Comprobante>`,
		},
		{
			"empty Complemento with whitespace",
			root + "<cfdi:Complemento>\n  </cfdi:Complemento></cfdi:Comprobante>",
			root + "<cfdi:Complemento>\n  " + tfdXML + "</cfdi:Complemento></cfdi:Comprobante>",
		},
		{
			"self-closing Complemento",
			root + `<cfdi:Complemento /></cfdi:Comprobante>`,
			root + `<cfdi:Complemento >` + tfdXML + `</cfdi:Complemento></cfdi:Comprobante>`,
		},
		{
			"Addenda without Complemento",
			root + `<cfdi:Emisor/><cfdi:Addenda><x/></cfdi:Addenda></cfdi:Comprobante>`,
			root + `<cfdi:Emisor/><cfdi:Complemento>` + tfdXML + `</cfdi:Complemento><cfdi:Addenda><x/></cfdi:Addenda></cfdi:Comprobante>`,
		},
		{
			"Complemento inside a Concepto is not the root's",
			root + `<cfdi:Conceptos><cfdi:Concepto><cfdi:Complemento/></cfdi:Concepto></cfdi:Conceptos></cfdi:Comprobante>`,
			root + `<cfdi:Conceptos><cfdi:Concepto><cfdi:Complemento/></cfdi:Concepto></cfdi:Conceptos><cfdi:Complemento>` + tfdXML + `</cfdi:Complemento></cfdi:Comprobante>`,
		},
		{
			"default namespace, no xsi",
			`<Comprobante xmlns="http://www.sat.gob.mx/cfd/4" Version="4.0"><Emisor/></Comprobante>`,
			`<Comprobante xmlns="http://www.sat.gob.mx/cfd/4" Version="4.0"><Emisor/><Complemento>` +
				`<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
				tfdXML[len(`<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital"`):] + `</Complemento></Comprobante>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := insertTFD([]byte(tt.in), shortTFD)
			if err != nil {
				t.Fatalf("insertTFD(%s) = %v", tt.name, err)
			}
			if string(got) != tt.want {
				t.Errorf("insertTFD(%s) =\n%s\nwant\n%s", tt.name, got, tt.want)
			}
		})
	}
}

func FuzzInsertTFD(f *testing.F) {
	f.Add([]byte(root + `<cfdi:Complemento/></cfdi:Comprobante>`))
	f.Add([]byte(root + `<cfdi:Emisor/><cfdi:Addenda><x/></cfdi:Addenda></cfdi:Comprobante>`))
	f.Add([]byte(`<a><b/></a>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		out, err := insertTFD(doc, shortTFD)
		if err != nil {
			return
		}
		if !bytes.Contains(out, []byte(`UUID="U"`)) {
			t.Fatalf("insertTFD(%q) lost the TFD: %q", doc, out)
		}
		d := xml.NewDecoder(bytes.NewReader(out))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatalf("insertTFD(%q) = %q, not well-formed: %v", doc, out, err)
			}
		}
	})
}
