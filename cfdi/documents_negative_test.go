package cfdi_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/sello-mx/sello/cfdi"
)

// TestDocumentsRefused lists documents Sello must never seal: Compute (or a
// builder) refuses them, or Validate reports the SAT error-matrix code. The
// test has no CSD at hand, so none of them can be sealed by mistake.
func TestDocumentsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		build    func() (*cfdi.Comprobante, error)
		wantCode string // the SAT code Validate must report
		// mayRefuse allows Compute to refuse the draft itself, with a
		// ComputeError, before Validate sees it.
		mayRefuse bool
	}{{
		// FormaPago must be 99 ("Por definir") on a PPD invoice.
		name: "PPD paid by transfer",
		build: func() (*cfdi.Comprobante, error) {
			d := ppdInvoice()
			d.FormaPago = "03"
			return cfdi.Compute(d)
		},
		wantCode: "CFDI40105",
	}, {
		name: "bimonthly global invoice outside régimen 621",
		build: func() (*cfdi.Comprobante, error) {
			d := income("9001", "2026-11-21T08:00:00", line("01010101", "ACT", "Venta", "1", "100.00", iva16))
			d.Receptor = cfdi.Receptor{Rfc: "XAXX010101000", Nombre: "PUBLICO EN GENERAL", DomicilioFiscalReceptor: "42501",
				RegimenFiscalReceptor: "616", UsoCFDI: "S01"}
			d.InformacionGlobal = &cfdi.InformacionGlobal{Periodicidad: "05", Meses: "17", Año: "2026"}
			return cfdi.Compute(d)
		},
		wantCode: "CFDI40132",
	}, {
		name: "sale to the general public without InformacionGlobal",
		build: func() (*cfdi.Comprobante, error) {
			d := income("9002", "2026-11-21T08:00:00", line("01010101", "ACT", "Venta", "1", "100.00", iva16))
			d.Receptor = cfdi.Receptor{Rfc: "XAXX010101000", Nombre: "PUBLICO EN GENERAL", DomicilioFiscalReceptor: "42501",
				RegimenFiscalReceptor: "616", UsoCFDI: "S01"}
			return cfdi.Compute(d)
		},
		wantCode: "CFDI40130",
	}, {
		name: "global invoice with the receptor's postal code",
		build: func() (*cfdi.Comprobante, error) {
			c, err := cfdi.BuildGlobal(&cfdi.GlobalDraft{Fecha: "2026-11-21T08:00:00", LugarExpedicion: "42501", Emisor: docEKU,
				Periodicidad: "01", Meses: "11", Año: "2026", Tickets: tickets(2)})
			if c != nil {
				c.Receptor.DomicilioFiscalReceptor = "52000"
			}
			return c, err
		},
		wantCode: "CFDI40149",
	}, {
		name: "IVA at 15 %",
		build: func() (*cfdi.Comprobante, error) {
			return cfdi.Compute(income("9003", "2026-11-21T08:00:00", line("81111500", "E48", "Servicio", "1", "100.00",
				cfdi.LineTax{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: dec("0.15")})))
		},
		wantCode:  "CFDI40179",
		mayRefuse: true,
	}, {
		name: "Total one cent off",
		build: func() (*cfdi.Comprobante, error) {
			c, err := cfdi.Compute(income("9004", "2026-11-21T08:00:00", line("81111500", "E48", "Servicio", "1", "100.00", iva16)))
			if c != nil {
				c.Total = "116.01"
			}
			return c, err
		},
		wantCode: "CFDI40119",
	}, {
		name: "dollars without TipoCambio",
		build: func() (*cfdi.Comprobante, error) {
			d := usdIncome()
			d.TipoCambio = ""
			return cfdi.Compute(d)
		},
		wantCode: "CFDI40115",
	}, {
		name: "payment receipt with FormaPago",
		build: func() (*cfdi.Comprobante, error) {
			c, err := payment("9005", "2026-11-20T12:05:00",
				transfer("2026-11-19T12:00:00", "18559.99", paid(ppdInvoice(), uuidPPD, 1, "", "18559.99")))()
			if c != nil {
				c.FormaPago = "03"
			}
			return c, err
		},
		wantCode: "CFDI40103",
	}, {
		name: "taxed concept without taxes",
		build: func() (*cfdi.Comprobante, error) {
			d := income("9006", "2026-11-21T08:00:00", line("81111500", "E48", "Servicio", "1", "100.00"))
			d.Lines[0].ObjetoImp = "02"
			return cfdi.Compute(d)
		},
		wantCode:  "CFDI40171",
		mayRefuse: true,
	}, {
		name: "persona moral issuer in régimen 612",
		build: func() (*cfdi.Comprobante, error) {
			d := income("9007", "2026-11-21T08:00:00", line("81111500", "E48", "Servicio", "1", "100.00", iva16))
			d.Emisor.RegimenFiscal = "612"
			return cfdi.Compute(d)
		},
		wantCode: "CFDI40141",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := tt.build()
			var ce *cfdi.ComputeError
			if tt.mayRefuse && errors.As(err, &ce) {
				return // refused before Validate: never sealed either
			}
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			probs := cfdi.Validate(c, cfdi.ValidateOptions{})
			codes := make([]string, len(probs))
			for i, p := range probs {
				codes[i] = p.Code
			}
			if !slices.Contains(codes, tt.wantCode) {
				t.Errorf("Validate(%s) = %v, want code %s", tt.name, probs, tt.wantCode)
			}
		})
	}
}
