package cfdi_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// parseSample reads a signed sample from the shared SAT folder.
func parseSample(t *testing.T, name string) *cfdi.Comprobante {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cfditest.SATDir(t), "samples", "signed", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cfdi.Parse(data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc.Comprobante
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// paymentDraftFrom rebuilds the draft of a payment sample: the header, bank
// data and per-invoice state (installment, balance, amount paid) come from
// the sample; the taxes come from the paid invoice, so every computed amount
// is checked against what the sample's issuer wrote.
func paymentDraftFrom(t *testing.T, p *cfdi.Comprobante, invoice *cfdi.Comprobante) *cfdi.PaymentDraft {
	t.Helper()
	d := &cfdi.PaymentDraft{Serie: p.Serie, Folio: p.Folio, Fecha: p.Fecha, LugarExpedicion: p.LugarExpedicion,
		Emisor: p.Emisor, Receptor: p.Receptor}
	d.Receptor.UsoCFDI = "G03" // BuildPayment must force CP01
	for _, pg := range p.Complemento.Pagos.Pago {
		r := cfdi.PaymentReceived{FechaPago: pg.FechaPago, FormaDePagoP: pg.FormaDePagoP, MonedaP: pg.MonedaP,
			TipoCambioP: dec(pg.TipoCambioP), Monto: dec(pg.Monto), NumOperacion: pg.NumOperacion,
			RfcEmisorCtaOrd: pg.RfcEmisorCtaOrd, CtaOrdenante: pg.CtaOrdenante,
			RfcEmisorCtaBen: pg.RfcEmisorCtaBen, CtaBeneficiario: pg.CtaBeneficiario}
		for _, dr := range pg.DoctoRelacionado {
			pd, err := cfdi.PaidDocumentOf(invoice, dr.IdDocumento)
			if err != nil {
				t.Fatalf("PaidDocumentOf: %v", err)
			}
			pd.NumParcialidad, _ = strconv.Atoi(dr.NumParcialidad)
			pd.ImpSaldoAnt, pd.ImpPagado = dec(dr.ImpSaldoAnt), dec(dr.ImpPagado)
			r.Documents = append(r.Documents, pd)
		}
		d.Payments = append(d.Payments, r)
	}
	return d
}

// unsealed drops what the seal adds, to compare built and sample documents.
func unsealed(c *cfdi.Comprobante) *cfdi.Comprobante {
	x := *c
	x.Sello, x.NoCertificado, x.Certificado = "", "", ""
	return &x
}

func TestBuildPaymentReproducesSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		invoice, payment string
	}{
		// The first installment of g02 (CFDI.md §8.3).
		{"generated-g02-ingreso-ppd.xml", "generated-g03-pago20-parcialidad.xml"},
		{"satcfdi-xiqb891116qe4_ingreso_iva16.xml", "satcfdi-pago_xiqb891116qe4_ingreso_iva16.xml"},
		// Installment 2: taxes apportioned cumulatively (544.63, not 544.64).
		{"satcfdi-xiqb891116qe4_ingreso_iva16.xml", "satcfdi-pago_p_xiqb891116qe4_ingreso_iva16.xml"},
		// Two documents in one payment, ImpuestosP summed.
		{"satcfdi-xiqb891116qe4_ingreso_iva16.xml", "satcfdi-mpago_xiqb891116qe4_ingreso_iva16.xml"},
		{"satcfdi-xiqb891116qe4_ingreso_iva16.xml", "satcfdi-mpago2_xiqb891116qe4_ingreso_iva16.xml"},
		// Paid in full: the invoice's summed concept taxes, not Base × rate.
		{"satcfdi-iva_concepto_suma_100.05.xml", "satcfdi-iva_concepto_suma_pago_100.05.xml"},
		{"satcfdi-rentenciones_concepto_suma_100.07.xml", "satcfdi-rentenciones_concepto_suma_pago_100.07.xml"},
		{"satcfdi-he951128469_ingreso_iva8_stamped.xml", "satcfdi-pago_he951128469_ingreso_iva8.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.payment, func(t *testing.T) {
			t.Parallel()
			want := parseSample(t, tt.payment)
			d := paymentDraftFrom(t, want, parseSample(t, tt.invoice))
			got, err := cfdi.BuildPayment(d)
			if err != nil {
				t.Fatalf("BuildPayment: %v", err)
			}
			if diff := cmp.Diff(unsealed(want), got); diff != "" {
				t.Errorf("BuildPayment(%s) (-want +got):\n%s", tt.payment, diff)
			}
		})
	}
}

// TestBuildPaymentCfdiUtils rebuilds cfdiutils-pago20-eku.xml, whose
// invoices are not among the samples: their totals are chosen so that the
// balances in the sample hold (A: 24000.00 paid in halves; B: 10000.00).
func TestBuildPaymentCfdiUtils(t *testing.T) {
	t.Parallel()
	want := parseSample(t, "cfdiutils-pago20-eku.xml").Complemento.Pagos
	iva := func(base, importe string) []cfdi.PaidTax {
		return []cfdi.PaidTax{{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Base: dec(base), Importe: dec(importe)}}
	}
	d := &cfdi.PaymentDraft{Payments: []cfdi.PaymentReceived{{
		FechaPago: "2023-06-12T17:18:19", FormaDePagoP: "03", MonedaP: "MXN", Monto: dec("15000.00"),
		NumOperacion: "963852", RfcEmisorCtaOrd: "BMI9704113PA", CtaOrdenante: "0001970000",
		RfcEmisorCtaBen: "BBA830831LJ2", CtaBeneficiario: "0198005000",
		Documents: []cfdi.PaidDocument{
			{IdDocumento: "00000000-1111-2222-3333-00000000000A", MonedaDR: "MXN", NumParcialidad: 2,
				ImpSaldoAnt: dec("12000.00"), ImpPagado: dec("12000.00"), InvoiceTotal: dec("24000.00"),
				Taxes: iva("20689.66", "3310.34")},
			{IdDocumento: "00000000-1111-2222-3333-00000000000B", MonedaDR: "MXN", NumParcialidad: 1,
				ImpSaldoAnt: dec("10000.00"), ImpPagado: dec("3000.00"), InvoiceTotal: dec("10000.00"),
				Taxes: iva("8620.69", "1379.31")},
		},
	}}}
	got, err := cfdi.BuildPayment(d)
	if err != nil {
		t.Fatalf("BuildPayment: %v", err)
	}
	// CfdiUtils writes a zero balance as "0" and ImpuestosP with six
	// decimals; Sello writes the currency's decimals everywhere.
	want.Pago[0].DoctoRelacionado[0].ImpSaldoInsoluto = "0.00"
	want.Pago[0].ImpuestosP.TrasladosP[0].BaseP = "12931.04"
	want.Pago[0].ImpuestosP.TrasladosP[0].ImporteP = "2068.96"
	if diff := cmp.Diff(want, got.Complemento.Pagos); diff != "" {
		t.Errorf("BuildPayment (-want +got):\n%s", diff)
	}
}

// guiaInvoice is the invoice of the guía's currency examples (apéndice 8):
// 300,000.00 plus IVA 16 %.
func guiaInvoice(moneda string) cfdi.PaidDocument {
	return cfdi.PaidDocument{IdDocumento: "d21ca0c2-3ea4-4510-abe3-f05771523e25", MonedaDR: moneda, NumParcialidad: 1,
		ImpSaldoAnt: dec("348000.00"), ImpPagado: dec("348000.00"), InvoiceTotal: dec("348000.00"),
		Taxes: []cfdi.PaidTax{{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Base: dec("300000.00"), Importe: dec("48000.00")}}}
}

func TestBuildPaymentCurrencies(t *testing.T) {
	t.Parallel()
	usd := guiaInvoice("USD")
	usd.EquivalenciaDR = dec("1").DivRound(dec("17.7331"), 16) // rounded to 10 decimals by BuildPayment
	mxn := guiaInvoice("MXN")
	mxn.EquivalenciaDR = dec("17.7331")
	tests := []struct {
		name    string
		pago    cfdi.PaymentReceived
		wantEq  string
		wantP   cfdi.ImpuestoP
		wantTot cfdi.PagosTotales
	}{{
		name:   "MXN invoice paid in USD",
		pago:   cfdi.PaymentReceived{MonedaP: "USD", TipoCambioP: dec("17.7331"), Monto: dec("19624.32"), Documents: []cfdi.PaidDocument{mxn}},
		wantEq: "17.7331",
		// 300000.00 / 17.7331 and 48000.00 / 17.7331, in USD.
		wantP: cfdi.ImpuestoP{BaseP: "16917.52", ImpuestoP: "002", TipoFactorP: "Tasa", TasaOCuotaP: "0.160000", ImporteP: "2706.80"},
		// Written USD amounts × 17.7331, rounded once.
		wantTot: cfdi.PagosTotales{TotalTrasladosBaseIVA16: "300000.07", TotalTrasladosImpuestoIVA16: "47999.96", MontoTotalPagos: "348000.03"},
	}, {
		name:    "USD invoice paid in MXN",
		pago:    cfdi.PaymentReceived{MonedaP: "MXN", Monto: dec("6171118.80"), Documents: []cfdi.PaidDocument{usd}},
		wantEq:  "0.0563917194",
		wantP:   cfdi.ImpuestoP{BaseP: "5319930.00", ImpuestoP: "002", TipoFactorP: "Tasa", TasaOCuotaP: "0.160000", ImporteP: "851188.80"},
		wantTot: cfdi.PagosTotales{TotalTrasladosBaseIVA16: "5319930.00", TotalTrasladosImpuestoIVA16: "851188.80", MontoTotalPagos: "6171118.80"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.pago.FechaPago, tt.pago.FormaDePagoP = "2022-09-11T12:00:00", "03"
			c, err := cfdi.BuildPayment(&cfdi.PaymentDraft{Payments: []cfdi.PaymentReceived{tt.pago}})
			if err != nil {
				t.Fatalf("BuildPayment: %v", err)
			}
			p := c.Complemento.Pagos
			if got := p.Pago[0].DoctoRelacionado[0].EquivalenciaDR; got != tt.wantEq {
				t.Errorf("EquivalenciaDR = %s, want %s", got, tt.wantEq)
			}
			if diff := cmp.Diff([]cfdi.ImpuestoP{tt.wantP}, p.Pago[0].ImpuestosP.TrasladosP); diff != "" {
				t.Errorf("TrasladosP (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantTot, p.Totales); diff != "" {
				t.Errorf("Totales (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuildPaymentDefaultsAndExento(t *testing.T) {
	t.Parallel()
	doc := cfdi.PaidDocument{IdDocumento: "a", MonedaDR: "MXN", NumParcialidad: 1,
		ImpSaldoAnt: dec("1160.00"), ImpPagado: dec("580.00"), InvoiceTotal: dec("1160.00"),
		Taxes: []cfdi.PaidTax{{Impuesto: "002", TipoFactor: "Exento", Base: dec("1160.00")}}}
	untaxed := cfdi.PaidDocument{IdDocumento: "b", MonedaDR: "MXN", NumParcialidad: 3,
		ImpSaldoAnt: dec("100.00"), ImpPagado: dec("100.00")}
	c, err := cfdi.BuildPayment(&cfdi.PaymentDraft{Payments: []cfdi.PaymentReceived{{
		FechaPago: "2026-07-15T12:00:00", FormaDePagoP: "01", MonedaP: "MXN", Documents: []cfdi.PaidDocument{doc, untaxed}}}})
	if err != nil {
		t.Fatalf("BuildPayment: %v", err)
	}
	p := c.Complemento.Pagos
	want := &cfdi.ImpuestosP{TrasladosP: []cfdi.ImpuestoP{{BaseP: "580.00", ImpuestoP: "002", TipoFactorP: "Exento"}}}
	if diff := cmp.Diff(want, p.Pago[0].ImpuestosP); diff != "" {
		t.Errorf("ImpuestosP (-want +got):\n%s", diff)
	}
	if got := p.Pago[0].Monto; got != "680.00" {
		t.Errorf("Monto = %s, want the sum paid 680.00", got)
	}
	if got := p.Pago[0].DoctoRelacionado[1].ObjetoImpDR; got != "01" {
		t.Errorf("ObjetoImpDR of an untaxed invoice = %s, want 01", got)
	}
	wantTot := cfdi.PagosTotales{TotalTrasladosBaseIVAExento: "580.00", MontoTotalPagos: "680.00"}
	if diff := cmp.Diff(wantTot, p.Totales); diff != "" {
		t.Errorf("Totales (-want +got):\n%s", diff)
	}
}

func TestBuildPaymentErrors(t *testing.T) {
	t.Parallel()
	ok := func() cfdi.PaymentReceived {
		return cfdi.PaymentReceived{FechaPago: "2026-07-15T12:00:00", FormaDePagoP: "03", MonedaP: "MXN", Monto: dec("100.00"),
			Documents: []cfdi.PaidDocument{{IdDocumento: "a", MonedaDR: "MXN", NumParcialidad: 1,
				ImpSaldoAnt: dec("100.00"), ImpPagado: dec("100.00")}}}
	}
	usd := guiaInvoice("USD")
	usd.EquivalenciaDR = dec("0.056391") // the guía's six decimals: 348000 / 0.056391 > Monto
	tests := []struct {
		name     string
		edit     func(p *cfdi.PaymentReceived)
		wantPath string
	}{
		{"form 99", func(p *cfdi.PaymentReceived) { p.FormaDePagoP = "99" }, "Payments[0].FormaDePagoP"},
		{"currency XXX", func(p *cfdi.PaymentReceived) { p.MonedaP = "XXX" }, "Payments[0].MonedaP"},
		{"MXN rate not 1", func(p *cfdi.PaymentReceived) { p.TipoCambioP = dec("1.5") }, "Payments[0].TipoCambioP"},
		{"USD without rate", func(p *cfdi.PaymentReceived) { p.MonedaP = "USD" }, "Payments[0].TipoCambioP"},
		{"paid more than Monto", func(p *cfdi.PaymentReceived) { p.Monto = dec("99.99") }, "Payments[0].Monto"},
		{"Monto with 3 decimals", func(p *cfdi.PaymentReceived) { p.Monto = dec("100.001") }, "Payments[0].Monto"},
		{"paid more than balance", func(p *cfdi.PaymentReceived) { p.Documents[0].ImpPagado = dec("100.01"); p.Monto = dec("200") },
			"Payments[0].Documents[0].ImpPagado"},
		{"installment 0", func(p *cfdi.PaymentReceived) { p.Documents[0].NumParcialidad = 0 }, "Payments[0].Documents[0].NumParcialidad"},
		{"equivalence missing", func(p *cfdi.PaymentReceived) { p.Documents[0].MonedaDR = "USD" }, "Payments[0].Documents[0].EquivalenciaDR"},
		{"equivalence not 1", func(p *cfdi.PaymentReceived) { p.Documents[0].EquivalenciaDR = dec("2") }, "Payments[0].Documents[0].EquivalenciaDR"},
		{"converted sum over Monto", func(p *cfdi.PaymentReceived) { p.Monto = dec("6171118.80"); p.Documents = []cfdi.PaidDocument{usd} },
			"Payments[0].Monto"},
		{"ObjetoImpDR 02 without taxes", func(p *cfdi.PaymentReceived) { p.Documents[0].ObjetoImpDR = "02" }, "Payments[0].Documents[0].ObjetoImpDR"},
		{"no documents", func(p *cfdi.PaymentReceived) { p.Documents = nil }, "Payments[0].Documents"},
		{"too small for any tax", func(p *cfdi.PaymentReceived) {
			p.Documents[0].Taxes = []cfdi.PaidTax{{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000", Base: dec("100.00"), Importe: dec("16.00")}}
			p.Documents[0].InvoiceTotal, p.Documents[0].ImpPagado, p.Monto = dec("1000.00"), dec("0.01"), dec("0.01")
		}, "Payments[0].Documents[0].ImpPagado"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := ok()
			tt.edit(&p)
			_, err := cfdi.BuildPayment(&cfdi.PaymentDraft{Payments: []cfdi.PaymentReceived{p}})
			var ce *cfdi.ComputeError
			if !errors.As(err, &ce) || ce.Path != tt.wantPath {
				t.Errorf("BuildPayment(%s) = %v, want a ComputeError at %s", tt.name, err, tt.wantPath)
			}
		})
	}
}

// TestBuildPaymentInstallmentsAddUp pays invoices in random installments and
// checks that the DR bases of all installments add up to the invoice's own
// bases to the cent (the cumulative apportionment), that the DR amounts do
// too within a cent per installment (ImporteDR is kept within the limits of
// BaseDR × rate, which an invoice whose lines rounded one way can exceed),
// and that every receipt passes Validate.
func TestBuildPaymentInstallmentsAddUp(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		d := &cfdi.Draft{Fecha: "2026-11-02T10:00:00", FormaPago: "99", Moneda: "MXN", TipoDeComprobante: "I",
			Exportacion: "01", MetodoPago: "PPD", LugarExpedicion: "42501", Emisor: docEKU, Receptor: docCOSC}
		taxes := [][]cfdi.LineTax{{iva16}, {iva0}, {exento}, {iva16, retISR10}, {ieps265, iva16}}
		for i := range 1 + rng.IntN(6) {
			d.Lines = append(d.Lines, line("81111500", "E48", fmt.Sprintf("Servicio %d", i), strconv.Itoa(1+rng.IntN(9)),
				fmt.Sprintf("%d.%02d", rng.IntN(5000), rng.IntN(100)+1), taxes[rng.IntN(len(taxes))]...))
		}
		inv, err := cfdi.Compute(d)
		if err != nil {
			t.Fatalf("Compute: %v", err)
		}
		want, err := cfdi.InvoiceTaxes(inv)
		if err != nil {
			t.Fatal(err)
		}
		sums := make([]cfdi.PaidTax, len(want))
		saldo := dec(inv.Total)
		k := 1
		for ; saldo.IsPositive(); k++ {
			pago := saldo
			if k < 4 && saldo.GreaterThan(dec("1")) {
				pago = decimal.Min(saldo, saldo.Mul(decimal.NewFromFloat32(rng.Float32())).Round(2).Add(dec("1.00")))
			}
			pd, err := cfdi.PaidDocumentOf(inv, "6F3E2B1A-0C9D-4E8F-A7B6-5D4C3B2A1F00")
			if err != nil {
				t.Fatal(err)
			}
			pd.NumParcialidad, pd.ImpSaldoAnt, pd.ImpPagado = k, saldo, pago
			p, err := cfdi.BuildPayment(&cfdi.PaymentDraft{Fecha: "2026-11-20T12:00:00", LugarExpedicion: "42501",
				Emisor: docEKU, Receptor: docCOSC, Payments: []cfdi.PaymentReceived{transfer("2026-11-19T12:00:00", "0", pd)}})
			if err != nil {
				t.Fatalf("invoice %d installment %d: BuildPayment: %v", n, k, err)
			}
			if probs := cfdi.Validate(p, cfdi.ValidateOptions{}); len(probs) > 0 {
				t.Errorf("invoice %d installment %d: Validate: %v", n, k, probs)
			}
			dr := p.Complemento.Pagos.Pago[0].DoctoRelacionado[0]
			all := append(append([]cfdi.ImpuestoDR{}, dr.RetencionesDR...), dr.TrasladosDR...)
			for i, x := range all {
				sums[i].Base = sums[i].Base.Add(dec(x.BaseDR))
				if x.ImporteDR != "" {
					sums[i].Importe = sums[i].Importe.Add(dec(x.ImporteDR))
				}
			}
			saldo = saldo.Sub(pago)
		}
		// InvoiceTaxes lists withholdings and transfers as the concepts do;
		// the DR lists withholdings first.
		var ordered []cfdi.PaidTax
		for _, w := range []bool{true, false} {
			for _, x := range want {
				if x.Withholding == w {
					ordered = append(ordered, x)
				}
			}
		}
		slack := decimal.New(int64(k-1), -2)
		for i, x := range ordered {
			if !sums[i].Base.Equal(x.Base) || sums[i].Importe.Sub(x.Importe).Abs().GreaterThan(slack) {
				t.Errorf("invoice %d tax %s %s: installments add up to %s / %s, want %s / %s", n, x.Impuesto, x.TasaOCuota,
					sums[i].Base, sums[i].Importe, x.Base, x.Importe)
			}
		}
	}
}

// TestBuildPaymentAcrossCurrenciesValidates pays random invoices in another
// currency, several per payment, and checks that Validate accepts every
// receipt (ImpuestosP converted with EquivalenciaDR, Totales in MXN).
func TestBuildPaymentAcrossCurrenciesValidates(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	taxes := [][]cfdi.LineTax{{iva16}, {iva0}, {exento}, {iva16, retISR10, retIVA}, {iva8}}
	for n := range 100 {
		monedaP, monedaDR := "USD", "MXN"
		if n%2 == 1 {
			monedaP, monedaDR = "MXN", "USD"
		}
		rate := dec(fmt.Sprintf("%d.%04d", 16+rng.IntN(4), rng.IntN(10000)))
		eq := rate // MXN per USD
		if monedaDR == "USD" {
			eq = dec("1").DivRound(rate, 12)
		}
		p := cfdi.PaymentReceived{FechaPago: "2026-11-19T12:00:00", FormaDePagoP: "03", MonedaP: monedaP}
		if monedaP == "USD" {
			p.TipoCambioP = rate
		}
		for j := range 1 + rng.IntN(3) {
			d := &cfdi.Draft{Fecha: "2026-11-02T10:00:00", FormaPago: "99", Moneda: monedaDR, TipoDeComprobante: "I",
				Exportacion: "01", MetodoPago: "PPD", LugarExpedicion: "42501", Emisor: docEKU, Receptor: docCOSC,
				Lines: []cfdi.Line{line("81111500", "E48", "Servicio", strconv.Itoa(1+rng.IntN(5)),
					fmt.Sprintf("%d.%02d", 1+rng.IntN(9000), rng.IntN(100)), taxes[rng.IntN(len(taxes))]...)}}
			if monedaDR == "USD" {
				d.TipoCambio = rate.String()
			}
			pd := paid(d, fmt.Sprintf("6F3E2B1A-0C9D-4E8F-A7B6-5D4C3B2A1F%02d", j), 1, "", "0")
			pd.ImpPagado = pd.InvoiceTotal
			if rng.IntN(2) == 0 {
				pd.ImpPagado = pd.InvoiceTotal.Mul(dec("0.37")).Round(2)
			}
			pd.EquivalenciaDR = eq
			p.Documents = append(p.Documents, pd)
		}
		c, err := cfdi.BuildPayment(&cfdi.PaymentDraft{Fecha: "2026-11-20T12:00:00", LugarExpedicion: "42501",
			Emisor: docEKU, Receptor: docCOSC, Payments: []cfdi.PaymentReceived{p}})
		if err != nil {
			t.Fatalf("case %d: BuildPayment: %v", n, err)
		}
		if probs := cfdi.Validate(c, cfdi.ValidateOptions{}); len(probs) > 0 {
			t.Errorf("case %d (%s paying %s): Validate: %v", n, monedaP, monedaDR, probs)
		}
	}
}

// FuzzBuildPayment feeds arbitrary amounts, rates and currencies to
// BuildPayment: it must return a result or a ComputeError, never panic, and
// a result keeps ImpSaldoInsoluto = ImpSaldoAnt − ImpPagado ≥ 0.
func FuzzBuildPayment(f *testing.F) {
	f.Add("MXN", "MXN", "1", "1", "18559.99", "10000.00", "18559.99", "15999.99", "2560.00", "0.160000", "10000.00")
	f.Add("USD", "MXN", "17.7331", "17.7331", "348000.00", "348000.00", "348000.00", "300000.00", "48000.00", "0.160000", "0")
	f.Add("MXN", "JPY", "1", "0.123", "1000", "1000", "1000", "862", "138", "0.160000", "0")
	f.Fuzz(func(t *testing.T, monedaP, monedaDR, tc, eq, saldo, pagado, total, base, importe, rate, monto string) {
		num := func(s string) decimal.Decimal {
			d, err := decimal.NewFromString(s)
			if err != nil || d.Exponent() < -30 || d.Exponent() > 30 {
				return decimal.Zero
			}
			return d
		}
		doc := cfdi.PaidDocument{IdDocumento: "6F3E2B1A-0C9D-4E8F-A7B6-5D4C3B2A1F00", MonedaDR: monedaDR, NumParcialidad: 1,
			EquivalenciaDR: num(eq), ImpSaldoAnt: num(saldo), ImpPagado: num(pagado), InvoiceTotal: num(total),
			Taxes: []cfdi.PaidTax{{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: rate, Base: num(base), Importe: num(importe)}}}
		c, err := cfdi.BuildPayment(&cfdi.PaymentDraft{Payments: []cfdi.PaymentReceived{{FechaPago: "2026-11-19T12:00:00",
			FormaDePagoP: "03", MonedaP: monedaP, TipoCambioP: num(tc), Monto: num(monto), Documents: []cfdi.PaidDocument{doc}}}})
		var ce *cfdi.ComputeError
		if err != nil {
			if !errors.As(err, &ce) {
				t.Fatalf("BuildPayment error %v is not a ComputeError", err)
			}
			return
		}
		dr := c.Complemento.Pagos.Pago[0].DoctoRelacionado[0]
		if !dec(dr.ImpSaldoAnt).Sub(dec(dr.ImpPagado)).Equal(dec(dr.ImpSaldoInsoluto)) || dec(dr.ImpSaldoInsoluto).IsNegative() {
			t.Errorf("ImpSaldoAnt %s − ImpPagado %s ≠ ImpSaldoInsoluto %s", dr.ImpSaldoAnt, dr.ImpPagado, dr.ImpSaldoInsoluto)
		}
	})
}

// The first installment of 10,000.00 on an invoice of 15,999.99 + IVA 16 %:
// the DR taxes are the paid share of the invoice's own.
func ExampleBuildPayment() {
	invoice := cfdi.PaidDocument{
		IdDocumento: "6F3E2B1A-0C9D-4E8F-A7B6-5D4C3B2A1F00", MonedaDR: "MXN", NumParcialidad: 1,
		ImpSaldoAnt: decimal.RequireFromString("18559.99"), ImpPagado: decimal.RequireFromString("10000.00"),
		InvoiceTotal: decimal.RequireFromString("18559.99"),
		Taxes: []cfdi.PaidTax{{Impuesto: "002", TipoFactor: "Tasa", TasaOCuota: "0.160000",
			Base: decimal.RequireFromString("15999.99"), Importe: decimal.RequireFromString("2560.00")}},
	}
	c, err := cfdi.BuildPayment(&cfdi.PaymentDraft{Payments: []cfdi.PaymentReceived{{
		FechaPago: "2026-07-15T12:00:00", FormaDePagoP: "03", MonedaP: "MXN",
		Monto: decimal.RequireFromString("10000.00"), Documents: []cfdi.PaidDocument{invoice}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := c.Complemento.Pagos
	dr := p.Pago[0].DoctoRelacionado[0]
	fmt.Println(dr.ImpSaldoInsoluto, dr.TrasladosDR[0].BaseDR, dr.TrasladosDR[0].ImporteDR)
	fmt.Println(p.Totales.TotalTrasladosBaseIVA16, p.Totales.TotalTrasladosImpuestoIVA16, p.Totales.MontoTotalPagos)
	// Output:
	// 8559.99 8620.69 1379.31
	// 8620.69 1379.31 10000.00
}
