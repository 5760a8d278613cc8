package cfdi_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello/cfdi"
)

var (
	iva16  = cfdi.LineTax{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: dec("0.16")}
	iva0   = cfdi.LineTax{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: dec("0")}
	exento = cfdi.LineTax{Impuesto: "002", TipoFactor: "Exento"}
)

// g01Draft is the draft of generated-g01-global-publico-en-general.xml.
func g01Draft() *cfdi.GlobalDraft {
	return &cfdi.GlobalDraft{
		Serie: "G", Folio: "1001", Fecha: "2026-07-01T09:00:00", LugarExpedicion: "42501",
		Emisor:       cfdi.Emisor{Rfc: "EKU9003173C9", Nombre: "ESCUELA KEMPER URGATE", RegimenFiscal: "601"},
		Periodicidad: "04", Meses: "06", Año: "2026",
		Tickets: []cfdi.Ticket{
			{Number: "T-0001", FormaPago: "03", Subtotal: dec("130.00"), Taxes: []cfdi.LineTax{iva16}},
			// The largest ticket decides FormaPago.
			{Number: "T-0002", FormaPago: "01", Subtotal: dec("359.98"), Taxes: []cfdi.LineTax{iva16}},
			{Number: "T-0003", FormaPago: "04", Subtotal: dec("250.00"), Taxes: []cfdi.LineTax{iva0}},
			{Number: "T-0004", FormaPago: "03", Subtotal: dec("100.00"), Taxes: []cfdi.LineTax{exento}},
		},
	}
}

func TestBuildGlobalReproducesSample(t *testing.T) {
	t.Parallel()
	want := parseSample(t, "generated-g01-global-publico-en-general.xml")
	got, err := cfdi.BuildGlobal(g01Draft())
	if err != nil {
		t.Fatalf("BuildGlobal: %v", err)
	}
	if diff := cmp.Diff(unsealed(want), got); diff != "" {
		t.Errorf("BuildGlobal (-want +got):\n%s", diff)
	}
}

func TestBuildGlobalPeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		regimen, per, meses string
		año                 string
		wantPath            string // "" when valid
	}{
		{"daily", "601", "01", "07", "2026", ""},
		{"monthly of last year", "601", "04", "12", "2025", ""},
		{"bimonthly RIF", "621", "05", "16", "2026", ""},
		{"bimonthly outside RIF", "601", "05", "16", "2026", "Periodicidad"},
		{"bimonthly with a month", "621", "05", "07", "2026", "Meses"},
		{"monthly with a bimester", "601", "04", "13", "2026", "Meses"},
		{"unknown periodicity", "601", "06", "07", "2026", "Periodicidad"},
		{"two years back", "601", "04", "07", "2024", "Año"},
		{"next year", "601", "04", "01", "2027", "Año"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := g01Draft()
			d.Emisor.RegimenFiscal, d.Periodicidad, d.Meses, d.Año = tt.regimen, tt.per, tt.meses, tt.año
			c, err := cfdi.BuildGlobal(d)
			if tt.wantPath == "" {
				if err != nil {
					t.Fatalf("BuildGlobal(%s): %v", tt.name, err)
				}
				want := &cfdi.InformacionGlobal{Periodicidad: tt.per, Meses: tt.meses, Año: tt.año}
				if diff := cmp.Diff(want, c.InformacionGlobal); diff != "" {
					t.Errorf("InformacionGlobal (-want +got):\n%s", diff)
				}
				return
			}
			var ce *cfdi.ComputeError
			if !errors.As(err, &ce) || ce.Path != tt.wantPath {
				t.Errorf("BuildGlobal(%s) = %v, want a ComputeError at %s", tt.name, err, tt.wantPath)
			}
		})
	}
}

func TestBuildGlobalFormaPago(t *testing.T) {
	t.Parallel()
	d := g01Draft()
	d.FormaPago = "28" // an explicit form wins
	c, err := cfdi.BuildGlobal(d)
	if err != nil {
		t.Fatalf("BuildGlobal: %v", err)
	}
	if c.FormaPago != "28" {
		t.Errorf("FormaPago = %s, want 28", c.FormaPago)
	}
	d = g01Draft()
	d.Tickets[0].Subtotal = dec("359.98") // tie with T-0002: the first one wins
	if c, err = cfdi.BuildGlobal(d); err != nil {
		t.Fatalf("BuildGlobal: %v", err)
	}
	if c.FormaPago != "03" {
		t.Errorf("FormaPago on a tie = %s, want 03 (the first ticket)", c.FormaPago)
	}
}
