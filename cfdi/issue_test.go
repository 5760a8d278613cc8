package cfdi_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
)

func issueDraft() *cfdi.Draft {
	return &cfdi.Draft{
		Serie: "A", Folio: "7", Fecha: "2026-07-02T10:30:00", FormaPago: "03", Moneda: "MXN",
		TipoDeComprobante: "I", Exportacion: "01", MetodoPago: "PUE", LugarExpedicion: "42501",
		Emisor:   cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Receptor: cfdi.Receptor{Rfc: "COSC8001137NA", Nombre: "CARLOS CORTES SOTO", DomicilioFiscalReceptor: "52000", RegimenFiscalReceptor: "612", UsoCFDI: "G03"},
		Lines: []cfdi.Line{{
			ClaveProdServ: "81111500", ClaveUnidad: "E48", Descripcion: "Consultoría",
			Cantidad: decimal.RequireFromString("2"), ValorUnitario: decimal.RequireFromString("1500.00"),
			Taxes: []cfdi.LineTax{{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: decimal.RequireFromString("0.16")}},
		}},
	}
}

func TestIssue(t *testing.T) {
	t.Parallel()
	key, cert := testCSD(t)

	c, err := cfdi.Compute(issueDraft())
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	if err := cfdi.Issue(c, cfdi.ValidateOptions{}, key, cert); err != nil {
		t.Fatalf("Issue(valid document): %v", err)
	}
	if c.Sello == "" || c.NoCertificado == "" {
		t.Errorf("Issue(valid document) left Sello %q, NoCertificado %q", c.Sello, c.NoCertificado)
	}

	tests := []struct {
		name   string
		break_ func(*cfdi.Comprobante)
		code   string
	}{
		{"Total off by a cent", func(c *cfdi.Comprobante) { c.Total = "3480.01" }, "CFDI40119"},
		{"PPD without FormaPago 99", func(c *cfdi.Comprobante) { c.MetodoPago = "PPD" }, "CFDI40105"},
		{"unknown régimen", func(c *cfdi.Comprobante) { c.Emisor.RegimenFiscal = "999" }, "CFDI40140"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := cfdi.Compute(issueDraft())
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			tt.break_(c)
			err = cfdi.Issue(c, cfdi.ValidateOptions{}, key, cert)
			var verr *cfdi.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Issue = %v, want a *ValidationError", err)
			}
			found := false
			for _, p := range verr.Problems {
				found = found || p.Code == tt.code
			}
			if !found {
				t.Errorf("Issue problems = %v, want %s among them", verr.Problems, tt.code)
			}
			if c.Sello != "" || c.Certificado != "" {
				t.Errorf("Issue sealed a document that fails validation (Sello %q)", c.Sello)
			}
		})
	}
}
