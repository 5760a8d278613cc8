package cfdi

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestRoundHalfAwayFromZero(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		places int32
		want   string
	}{
		{"0.125", 2, "0.13"},
		{"-0.125", 2, "-0.13"},
		{"0.135", 2, "0.14"},
		{"0.145", 2, "0.15"},
		{"0.124999", 2, "0.12"},
		{"2.5", 0, "3"},
		{"-2.5", 0, "-3"},
		{"3.5", 0, "4"},
		{"16.0048", 2, "16.00"},
		{"1066.67", 2, "1066.67"},
		{"1.3793104", 6, "1.379310"},
		{"0.0000005", 6, "0.000001"},
	}
	for _, tt := range tests {
		got := decimal.RequireFromString(tt.in).Round(tt.places).StringFixed(tt.places)
		if got != tt.want {
			t.Errorf("Round(%s, %d) = %s, want %s", tt.in, tt.places, got, tt.want)
		}
	}
}

// calcDraftFrom rebuilds the Draft a sample was made from: its header and, for
// each concept, quantity, unit price, discount and taxes.
func calcDraftFrom(t *testing.T, c *Comprobante) *Draft {
	t.Helper()
	d := &Draft{
		Serie: c.Serie, Folio: c.Folio, Fecha: c.Fecha, FormaPago: c.FormaPago,
		CondicionesDePago: c.CondicionesDePago, Moneda: c.Moneda, TipoCambio: c.TipoCambio,
		TipoDeComprobante: c.TipoDeComprobante, Exportacion: c.Exportacion, MetodoPago: c.MetodoPago,
		LugarExpedicion: c.LugarExpedicion, InformacionGlobal: c.InformacionGlobal,
		CfdiRelacionados: c.CfdiRelacionados, Emisor: c.Emisor, Receptor: c.Receptor,
	}
	scale := calcDecimals(c.Conceptos[0].Importe)
	d.ConceptDecimals = &scale
	for _, k := range c.Conceptos {
		l := Line{
			ClaveProdServ: k.ClaveProdServ, NoIdentificacion: k.NoIdentificacion, ClaveUnidad: k.ClaveUnidad,
			Unidad: k.Unidad, Descripcion: k.Descripcion, ObjetoImp: k.ObjetoImp,
			Cantidad: decimal.RequireFromString(k.Cantidad), ValorUnitario: decimal.RequireFromString(k.ValorUnitario),
			ACuentaTerceros: k.ACuentaTerceros, InformacionAduanera: k.InformacionAduanera, CuentaPredial: k.CuentaPredial,
		}
		if k.Descuento != "" {
			l.Descuento = decimal.RequireFromString(k.Descuento)
		}
		for _, tr := range k.Traslados {
			l.Taxes = append(l.Taxes, LineTax{Impuesto: tr.Impuesto, TipoFactor: tr.TipoFactor, TasaOCuota: calcRate(tr.TasaOCuota)})
		}
		for _, r := range k.Retenciones {
			l.Taxes = append(l.Taxes, LineTax{Impuesto: r.Impuesto, TipoFactor: r.TipoFactor, TasaOCuota: calcRate(r.TasaOCuota), Withholding: true})
		}
		d.Lines = append(d.Lines, l)
	}
	return d
}

func calcRate(s string) decimal.Decimal {
	if s == "" {
		return decimal.Zero
	}
	return decimal.RequireFromString(s)
}

// TestComputeSamples computes signed samples from their lines and expects
// every amount of the sample, byte for byte.
func TestComputeSamples(t *testing.T) {
	t.Parallel()
	samples := []string{
		"generated-g01-global-publico-en-general.xml",
		"generated-g02-ingreso-ppd.xml",
		"generated-g04-egreso-nota-credito-relacionada.xml",
		"generated-g05-persona-fisica-honorarios-retenciones.xml",
		"cfdiutils-usd-descuentos-eku.xml",
		"cfdiutils-cfdi40-real-stamped.xml",
		"satcfdi-he951128469_ingreso_ieps_exento_stamped.xml",
		"satcfdi-he951128469_ingreso_iva8_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_iva0_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_exento_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_noobjeto_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_iva16.xml",
		"satcfdi-xiqb891116qe4_ingreso_iva16_stamped.xml",
		"generated-g03-pago20-parcialidad.xml",
		"cfdiutils-pago20-eku.xml",
	}
	for _, name := range samples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := calcReadSample(t, name)
			got, err := Compute(calcDraftFrom(t, want))
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			got.Sello, got.NoCertificado, got.Certificado = want.Sello, want.NoCertificado, want.Certificado
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Compute(%s) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestComputeTotalsSamples recomputes the totals of every I/E sample from its
// written concept values. The satcfdi *_concepto_suma_* samples have line
// taxes that differ by a cent from round(Base × TasaOCuota), so only summing
// the written values reproduces their summaries.
func TestComputeTotalsSamples(t *testing.T) {
	t.Parallel()
	samples := []string{
		"satcfdi-iva_concepto_suma_100.03.xml",
		"satcfdi-iva_concepto_suma_100.05.xml",
		"satcfdi-rentenciones_concepto_suma_100.03.xml",
		"satcfdi-rentenciones_concepto_suma_100.07.xml",
		"cfdiutils-cfdi40-eku-stamped-unicode.xml",
		"cfdiutils-cfdi40-real-stamped.xml",
		"cfdiutils-usd-descuentos-eku.xml",
		"generated-g01-global-publico-en-general.xml",
		"generated-g02-ingreso-ppd.xml",
		"generated-g04-egreso-nota-credito-relacionada.xml",
		"generated-g05-persona-fisica-honorarios-retenciones.xml",
		"satcfdi-he951128469_ingreso_ieps_exento_stamped.xml",
		"satcfdi-he951128469_ingreso_iva8_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_exento_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_iva0_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_noobjeto_stamped.xml",
		"satcfdi-xiqb891116qe4_ingreso_iva16.xml",
		"satcfdi-iva_concepto_suma_pago_100.05.xml",
		"satcfdi-rentenciones_concepto_suma_pago_100.07.xml",
	}
	for _, name := range samples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := calcReadSample(t, name)
			got := *want
			got.SubTotal, got.Descuento, got.Total, got.Impuestos = "", "", "", nil
			if err := ComputeTotals(&got); err != nil {
				t.Fatalf("ComputeTotals: %v", err)
			}
			if diff := cmp.Diff(want, &got); diff != "" {
				t.Errorf("ComputeTotals(%s) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

func calcMXN(lines ...Line) *Draft {
	return &Draft{Moneda: "MXN", TipoDeComprobante: "I", Lines: lines}
}

var (
	calcIVA16   = LineTax{Impuesto: ImpuestoIVA, TipoFactor: FactorTasa, TasaOCuota: decimal.RequireFromString("0.16")}
	calcRetIVA  = LineTax{Impuesto: ImpuestoIVA, TipoFactor: FactorTasa, TasaOCuota: decimal.RequireFromString("0.106667"), Withholding: true}
	calcRetISR  = LineTax{Impuesto: ImpuestoISR, TipoFactor: FactorTasa, TasaOCuota: decimal.RequireFromString("0.10"), Withholding: true}
	calcIEPS8   = LineTax{Impuesto: ImpuestoIEPS, TipoFactor: FactorTasa, TasaOCuota: decimal.RequireFromString("0.08")}
	calcExento  = LineTax{Impuesto: ImpuestoIVA, TipoFactor: FactorExento}
	calcIEPSCuo = LineTax{Impuesto: ImpuestoIEPS, TipoFactor: FactorCuota, TasaOCuota: decimal.RequireFromString("6.4555")}
)

func calcDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func calcInclusive(t LineTax) LineTax {
	t.Inclusive = true
	return t
}

// TestComputeCases checks the amounts of hand-built documents.
func TestComputeCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		draft     *Draft
		concepts  []Concepto
		subtotal  string
		descuento string
		total     string
		impuestos *Impuestos
	}{
		{
			name:     "IEPS itemised goes into the IVA base (guía)",
			draft:    calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("15000.00"), Taxes: []LineTax{calcIVA16, calcIEPS8}}),
			concepts: []Concepto{{Cantidad: "1", ValorUnitario: "15000.00", Importe: "15000.00", ObjetoImp: "02", Traslados: []Traslado{{Base: "16200.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "2592.00"}, {Base: "15000.00", Impuesto: "003", TipoFactor: "Tasa", TasaOCuota: "0.080000", Importe: "1200.00"}}}},
			subtotal: "15000.00", total: "18792.00",
			impuestos: &Impuestos{TotalImpuestosTrasladados: "3792.00", Traslados: []Traslado{{Base: "16200.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "2592.00"}, {Base: "15000.00", Impuesto: "003", TipoFactor: "Tasa", TasaOCuota: "0.080000", Importe: "1200.00"}}},
		},
		{
			name:     "IEPS Cuota applies to the quantity",
			draft:    calcMXN(Line{Cantidad: calcDec("40.5"), ValorUnitario: calcDec("20"), Taxes: []LineTax{calcIEPSCuo}}),
			concepts: []Concepto{{Cantidad: "40.5", ValorUnitario: "20", Importe: "810.00", ObjetoImp: "02", Traslados: []Traslado{{Base: "40.5", Impuesto: "003", TipoFactor: "Cuota", TasaOCuota: "6.455500", Importe: "261.45"}}}},
			subtotal: "810.00", total: "1071.45",
			impuestos: &Impuestos{TotalImpuestosTrasladados: "261.45", Traslados: []Traslado{{Base: "40.50", Impuesto: "003", TipoFactor: "Cuota", TasaOCuota: "6.455500", Importe: "261.45"}}},
		},
		{
			name:     "discount reduces the base; zero discount omitted",
			draft:    calcMXN(Line{Cantidad: calcDec("3"), ValorUnitario: calcDec("33.333333"), Descuento: calcDec("10.005"), Taxes: []LineTax{calcIVA16, calcRetISR, calcRetIVA}}, Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("5")}),
			concepts: []Concepto{{Cantidad: "3", ValorUnitario: "33.333333", Importe: "100.00", Descuento: "10.01", ObjetoImp: "02", Traslados: []Traslado{{Base: "89.99", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "14.40"}}, Retenciones: []Retencion{{Base: "89.99", Impuesto: "001", TipoFactor: "Tasa", TasaOCuota: "0.100000", Importe: "9.00"}, {Base: "89.99", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.106667", Importe: "9.60"}}}, {Cantidad: "1", ValorUnitario: "5", Importe: "5.00", ObjetoImp: "01"}},
			subtotal: "105.00", descuento: "10.01", total: "90.79",
			impuestos: &Impuestos{TotalImpuestosRetenidos: "18.60", TotalImpuestosTrasladados: "14.40", Retenciones: []Retencion{{Impuesto: "001", Importe: "9.00"}, {Impuesto: "002", Importe: "9.60"}}, Traslados: []Traslado{{Base: "89.99", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "14.40"}}},
		},
		{
			name:     "all exento: no TotalImpuestosTrasladados",
			draft:    calcMXN(Line{Cantidad: calcDec("2"), ValorUnitario: calcDec("0.125"), Taxes: []LineTax{calcExento}}),
			concepts: []Concepto{{Cantidad: "2", ValorUnitario: "0.125", Importe: "0.25", ObjetoImp: "02", Traslados: []Traslado{{Base: "0.25", Impuesto: "002", TipoFactor: "Exento"}}}},
			subtotal: "0.25", total: "0.25",
			impuestos: &Impuestos{Traslados: []Traslado{{Base: "0.25", Impuesto: "002", TipoFactor: "Exento"}}},
		},
		{
			name:     "JPY has no decimals; half rounds up",
			draft:    &Draft{Moneda: "JPY", TipoDeComprobante: "I", Lines: []Line{{Cantidad: calcDec("1"), ValorUnitario: calcDec("1002.5"), Taxes: []LineTax{calcIVA16}}}},
			concepts: []Concepto{{Cantidad: "1", ValorUnitario: "1002.5", Importe: "1003", ObjetoImp: "02", Traslados: []Traslado{{Base: "1003", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "160"}}}},
			subtotal: "1003", total: "1163",
			impuestos: &Impuestos{TotalImpuestosTrasladados: "160", Traslados: []Traslado{{Base: "1003", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "160"}}},
		},
		{
			name:     "trailing zeros beyond six decimals dropped",
			draft:    calcMXN(Line{Cantidad: calcDec("1.00000000"), ValorUnitario: calcDec("0.12500000")}),
			concepts: []Concepto{{Cantidad: "1.000000", ValorUnitario: "0.125000", Importe: "0.13", ObjetoImp: "01"}},
			subtotal: "0.13", total: "0.13",
		},
		{
			name:     "price including IVA",
			draft:    calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("116.00"), Taxes: []LineTax{calcInclusive(calcIVA16)}}),
			concepts: []Concepto{{Cantidad: "1", ValorUnitario: "100.00", Importe: "100.00", ObjetoImp: "02", Traslados: []Traslado{{Base: "100.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "16.00"}}}},
			subtotal: "100.00", total: "116.00",
			impuestos: &Impuestos{TotalImpuestosTrasladados: "16.00", Traslados: []Traslado{{Base: "100.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "16.00"}}},
		},
		{
			name:     "price including IVA, six decimals",
			draft:    calcMXN(Line{Cantidad: calcDec("3"), ValorUnitario: calcDec("100"), Taxes: []LineTax{calcInclusive(calcIVA16)}}),
			concepts: []Concepto{{Cantidad: "3", ValorUnitario: "86.206897", Importe: "258.62", ObjetoImp: "02", Traslados: []Traslado{{Base: "258.62", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "41.38"}}}},
			subtotal: "258.62", total: "300.00",
			impuestos: &Impuestos{TotalImpuestosTrasladados: "41.38", Traslados: []Traslado{{Base: "258.62", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "41.38"}}},
		},
		{
			name: "base given by the caller",
			draft: calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("1000"), Taxes: []LineTax{
				{Impuesto: ImpuestoIVA, TipoFactor: FactorTasa, TasaOCuota: calcDec("0.16"), Base: decimal.NewNullDecimal(calcDec("500"))}}}),
			concepts: []Concepto{{Cantidad: "1", ValorUnitario: "1000", Importe: "1000.00", ObjetoImp: "02", Traslados: []Traslado{{Base: "500.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "80.00"}}}},
			subtotal: "1000.00", total: "1080.00",
			impuestos: &Impuestos{TotalImpuestosTrasladados: "80.00", Traslados: []Traslado{{Base: "500.00", Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Importe: "80.00"}}},
		},
		{
			name:     "traslado T: totals zero",
			draft:    &Draft{Moneda: "MXN", TipoDeComprobante: "T", Lines: []Line{{Cantidad: calcDec("2"), ValorUnitario: calcDec("10.00")}}},
			concepts: []Concepto{{Cantidad: "2", ValorUnitario: "10.00", Importe: "20.00", ObjetoImp: "01"}},
			subtotal: "0", total: "0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Compute(tt.draft)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			if diff := cmp.Diff(tt.concepts, got.Conceptos); diff != "" {
				t.Errorf("Conceptos (-want +got):\n%s", diff)
			}
			if got.SubTotal != tt.subtotal || got.Descuento != tt.descuento || got.Total != tt.total {
				t.Errorf("SubTotal, Descuento, Total = %q, %q, %q; want %q, %q, %q", got.SubTotal, got.Descuento, got.Total, tt.subtotal, tt.descuento, tt.total)
			}
			if diff := cmp.Diff(tt.impuestos, got.Impuestos); diff != "" {
				t.Errorf("Impuestos (-want +got):\n%s", diff)
			}
		})
	}
}

func TestComputeErrors(t *testing.T) {
	t.Parallel()
	seven := int32(7)
	tests := []struct {
		name  string
		draft *Draft
		path  string
	}{
		{"unknown currency", &Draft{Moneda: "ZZZ", Lines: []Line{{Cantidad: calcDec("1")}}}, "Moneda"},
		{"no lines", calcMXN(), "Lines"},
		{"bad ConceptDecimals", &Draft{Moneda: "MXN", ConceptDecimals: &seven, Lines: []Line{{Cantidad: calcDec("1")}}}, "ConceptDecimals"},
		{"zero quantity", calcMXN(Line{Cantidad: calcDec("0"), ValorUnitario: calcDec("1")}), "Lines[0].Cantidad"},
		{"seven decimals", calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("1.0000001")}), "Lines[0].ValorUnitario"},
		{"negative price", calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("-1")}), "Lines[0].ValorUnitario"},
		{"discount above amount", calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("1"), Descuento: calcDec("1.01")}), "Lines[0].Descuento"},
		{"withheld exento", calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("1"), Taxes: []LineTax{{Impuesto: "002", TipoFactor: "Exento", Withholding: true}}}), "Lines[0].Taxes[0].TipoFactor"},
		{"unknown factor", calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("1"), Taxes: []LineTax{{Impuesto: "002", TipoFactor: "tasa"}}}), "Lines[0].Taxes[0].TipoFactor"},
		{"rate with 7 decimals", calcMXN(Line{Cantidad: calcDec("1"), ValorUnitario: calcDec("1"), Taxes: []LineTax{{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: calcDec("0.1600001")}}}), "Lines[0].Taxes[0].TasaOCuota"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Compute(tt.draft)
			var ce *ComputeError
			if !errors.As(err, &ce) {
				t.Fatalf("Compute() error = %v, want a *ComputeError", err)
			}
			if ce.Path != tt.path {
				t.Errorf("Compute() error path = %q, want %q (%v)", ce.Path, tt.path, err)
			}
		})
	}
}
