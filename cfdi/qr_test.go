package cfdi_test

import (
	"path/filepath"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

func TestQRExpression(t *testing.T) {
	t.Parallel()
	const base = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"
	sello := "AAAAbbbbCCCC/OAgdg=="
	tests := []struct {
		name, re, rr, total, uuid, sello, want string
	}{
		{"plain", "EKU9003173C9", "COSC8001137NA", "918.38", "5E2D6AFF-2DD7-43D1-83D3-14C1ACA396D9", sello,
			base + "?id=5E2D6AFF-2DD7-43D1-83D3-14C1ACA396D9&re=EKU9003173C9&rr=COSC8001137NA&tt=918.38&fe=/OAgdg=="},
		{"integer total keeps one decimal", "EKU9003173C9", "XAXX010101000", "1000", "U", sello,
			base + "?id=U&re=EKU9003173C9&rr=XAXX010101000&tt=1000.0&fe=/OAgdg=="},
		{"trailing zeros", "EKU9003173C9", "XAXX010101000", "1000.00", "U", sello,
			base + "?id=U&re=EKU9003173C9&rr=XAXX010101000&tt=1000.0&fe=/OAgdg=="},
		{"zero", "EKU9003173C9", "XAXX010101000", "0", "U", sello,
			base + "?id=U&re=EKU9003173C9&rr=XAXX010101000&tt=0.0&fe=/OAgdg=="},
		{"six decimals", "EKU9003173C9", "XAXX010101000", "0.123456", "U", sello,
			base + "?id=U&re=EKU9003173C9&rr=XAXX010101000&tt=0.123456&fe=/OAgdg=="},
		{"ampersand escaped", "H&E951128469", "H&E951128469", "12.50", "U", sello,
			base + "?id=U&re=H&amp;E951128469&rr=H&amp;E951128469&tt=12.5&fe=/OAgdg=="},
		{"not stamped, short sello", "EKU9003173C9", "XAXX010101000", "1.10", "", "abc",
			base + "?id=&re=EKU9003173C9&rr=XAXX010101000&tt=1.1&fe=abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &cfdi.Comprobante{Total: tt.total, Sello: tt.sello,
				Emisor: cfdi.Emisor{Rfc: tt.re}, Receptor: cfdi.Receptor{Rfc: tt.rr}}
			if tt.uuid != "" {
				c.Complemento.TFD = &cfdi.TimbreFiscalDigital{UUID: tt.uuid}
			}
			if got := cfdi.QRExpression(c); got != tt.want {
				t.Errorf("QRExpression(Total %q) =\n %s\nwant\n %s", tt.total, got, tt.want)
			}
		})
	}
}

func TestQRExpressionRealSample(t *testing.T) {
	t.Parallel()
	doc := parseFile(t, filepath.Join(cfditest.SATDir(t), "samples", "signed", "cfdiutils-cfdi40-real-stamped.xml"))
	want := "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx" +
		"?id=C2832671-DA6D-11EF-A83D-00155D012007&re=ISD950921HE5&rr=COSC8001137NA&tt=1000.0&fe=hNjeNw=="
	if got := cfdi.QRExpression(doc.Comprobante); got != want {
		t.Errorf("QRExpression(real sample) =\n %s\nwant\n %s", got, want)
	}
}
