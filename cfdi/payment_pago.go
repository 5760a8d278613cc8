package cfdi

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// maxEquivalenciaDecimals is the scale of EquivalenciaDR (Pagos 2.0 guía,
// campo Monto, i.a: round to 10 decimals).
const maxEquivalenciaDecimals = 10

// buildPago fills one pago20:Pago from a payment received.
func buildPago(p *Pago, r *PaymentReceived, path string) error {
	if r.MonedaP == "" || r.MonedaP == "XXX" {
		return calcErrorf(path+".MonedaP", "a payment needs a currency other than XXX")
	}
	if r.FormaDePagoP == "" || r.FormaDePagoP == "99" {
		return calcErrorf(path+".FormaDePagoP", "a payment needs its real form of payment, not %q", r.FormaDePagoP)
	}
	if len(r.Documents) == 0 {
		return calcErrorf(path+".Documents", "a payment pays at least one document")
	}
	decP, err := calcCurrencyDecimals(r.MonedaP)
	if err != nil {
		return calcErrorf(path+".MonedaP", "%v", err)
	}
	tc, err := paymentExchangeRate(r, path)
	if err != nil {
		return err
	}
	*p = Pago{
		FechaPago: r.FechaPago, FormaDePagoP: r.FormaDePagoP, MonedaP: r.MonedaP, TipoCambioP: tc,
		NumOperacion: r.NumOperacion, RfcEmisorCtaOrd: r.RfcEmisorCtaOrd, NomBancoOrdExt: r.NomBancoOrdExt,
		CtaOrdenante: r.CtaOrdenante, RfcEmisorCtaBen: r.RfcEmisorCtaBen, CtaBeneficiario: r.CtaBeneficiario,
		TipoCadPago: r.TipoCadPago, CertPago: r.CertPago, CadPago: r.CadPago, SelloPago: r.SelloPago,
		DoctoRelacionado: make([]DoctoRelacionado, len(r.Documents)),
	}
	paid := decimal.Zero // Σ ImpPagado / EquivalenciaDR, in MonedaP
	var taxes pagoTaxes
	for i := range r.Documents {
		dpath := fmt.Sprintf("%s.Documents[%d]", path, i)
		eq, err := buildDocto(&p.DoctoRelacionado[i], &r.Documents[i], r.MonedaP, dpath)
		if err != nil {
			return err
		}
		paid = paid.Add(r.Documents[i].ImpPagado.DivRound(eq, 20))
		taxes.add(&p.DoctoRelacionado[i], eq)
	}
	// Guía, campo Monto: the converted sum is truncated to MonedaP's decimals
	// and must not exceed Monto.
	paid = paid.Truncate(decP)
	monto := r.Monto
	if monto.IsZero() {
		monto = paid
	}
	if !monto.IsPositive() || !monto.Round(decP).Equal(monto) {
		return calcErrorf(path+".Monto", "%s is not a positive amount with at most %d decimals", monto, decP)
	}
	if paid.GreaterThan(monto) {
		return calcErrorf(path+".Monto", "the documents paid add up to %s %s, more than Monto %s",
			paid.StringFixed(decP), r.MonedaP, monto.StringFixed(decP))
	}
	p.Monto = monto.StringFixed(decP)
	p.ImpuestosP = taxes.impuestosP(decP)
	return nil
}

// paymentExchangeRate returns TipoCambioP as written: "1" for MXN, the given
// rate (up to 6 decimals) otherwise.
func paymentExchangeRate(r *PaymentReceived, path string) (string, error) {
	tc := r.TipoCambioP
	switch {
	case tc.IsZero() && r.MonedaP == "MXN":
		tc = decimal.NewFromInt(1)
	case tc.IsZero():
		return "", calcErrorf(path+".TipoCambioP", "is required for %s (MXN per unit)", r.MonedaP)
	}
	if r.MonedaP == "MXN" && !tc.Equal(decimal.NewFromInt(1)) {
		return "", calcErrorf(path+".TipoCambioP", "must be 1 for MXN, got %s", tc)
	}
	if !tc.IsPositive() || !tc.Round(6).Equal(tc) {
		return "", calcErrorf(path+".TipoCambioP", "%s is not a positive rate with at most 6 decimals", tc)
	}
	return tc.String(), nil
}

// buildDocto fills one DoctoRelacionado and returns its EquivalenciaDR.
func buildDocto(dr *DoctoRelacionado, d *PaidDocument, monedaP, path string) (decimal.Decimal, error) {
	one := decimal.NewFromInt(1)
	dec, err := calcCurrencyDecimals(d.MonedaDR)
	if err != nil || d.MonedaDR == "XXX" {
		return one, calcErrorf(path+".MonedaDR", "invalid currency %q", d.MonedaDR)
	}
	eq := d.EquivalenciaDR.Round(maxEquivalenciaDecimals)
	if d.MonedaDR == monedaP {
		if !eq.IsZero() && !eq.Equal(one) {
			return one, calcErrorf(path+".EquivalenciaDR", "must be 1 when MonedaDR equals MonedaP, got %s", eq)
		}
		eq = one
	} else if !eq.IsPositive() {
		return one, calcErrorf(path+".EquivalenciaDR", "is required when MonedaDR %s differs from MonedaP %s", d.MonedaDR, monedaP)
	}
	if d.NumParcialidad < 1 {
		return one, calcErrorf(path+".NumParcialidad", "must be 1 or more, got %d", d.NumParcialidad)
	}
	for _, a := range []struct {
		name string
		v    decimal.Decimal
	}{{"ImpSaldoAnt", d.ImpSaldoAnt}, {"ImpPagado", d.ImpPagado}, {"InvoiceTotal", d.InvoiceTotal}} {
		if a.name == "InvoiceTotal" && len(d.Taxes) == 0 {
			continue
		}
		if !a.v.IsPositive() || !a.v.Round(dec).Equal(a.v) {
			return one, calcErrorf(path+"."+a.name, "%s is not a positive amount with at most %d decimals", a.v, dec)
		}
	}
	insoluto := d.ImpSaldoAnt.Sub(d.ImpPagado)
	if insoluto.IsNegative() {
		return one, calcErrorf(path+".ImpPagado", "%s is more than the balance %s", d.ImpPagado, d.ImpSaldoAnt)
	}
	*dr = DoctoRelacionado{
		IdDocumento: d.IdDocumento, Serie: d.Serie, Folio: d.Folio, MonedaDR: d.MonedaDR,
		EquivalenciaDR:   eq.String(),
		NumParcialidad:   fmt.Sprint(d.NumParcialidad),
		ImpSaldoAnt:      d.ImpSaldoAnt.StringFixed(dec),
		ImpPagado:        d.ImpPagado.StringFixed(dec),
		ImpSaldoInsoluto: insoluto.StringFixed(dec),
		ObjetoImpDR:      d.ObjetoImpDR,
	}
	if dr.ObjetoImpDR == "" {
		dr.ObjetoImpDR = "01"
		if len(d.Taxes) > 0 {
			dr.ObjetoImpDR = "02"
		}
	}
	if (dr.ObjetoImpDR == "02") != (len(d.Taxes) > 0) {
		return one, calcErrorf(path+".ObjetoImpDR", "ImpuestosDR is required with ObjetoImpDR 02 and forbidden otherwise")
	}
	return eq, proportionalTaxes(dr, d, dec, path)
}

// proportionalTaxes writes the invoice's taxes in the share paid by this
// payment (guía: "conforme al monto del pago"; all-16 % invoice: BaseDR =
// ImpPagado / 1.16). Each Base and Importe is apportioned cumulatively:
// round(X × paid-after / Total) − round(X × paid-before / Total), where
// paid-before = Total − ImpSaldoAnt. The first installment is simply
// round(X × ImpPagado / Total), and the installments of an invoice paid off
// add up to its own taxes to the cent, which recomputing BaseDR × rate would
// not (samples satcfdi-pago_p_* and satcfdi-*_concepto_suma_pago_*). Rounding
// is half away from zero at MonedaDR's decimals. ImporteDR is then kept
// within the rounding limits of BaseDR × TasaOCuotaDR (clampTax), which the
// share of an invoice whose line-by-line rounding drifted could leave by a
// cent. A tax whose BaseDR share
// rounds to zero is left out (the XSD wants BaseDR > 0); tiny installments
// may then leave a cent of tax unreported.
func proportionalTaxes(dr *DoctoRelacionado, d *PaidDocument, dec int32, path string) error {
	if len(d.Taxes) == 0 {
		return nil
	}
	before := d.InvoiceTotal.Sub(d.ImpSaldoAnt)
	if before.IsNegative() {
		return calcErrorf(path+".ImpSaldoAnt", "%s is more than the invoice total %s", d.ImpSaldoAnt, d.InvoiceTotal)
	}
	after := before.Add(d.ImpPagado)
	share := func(x decimal.Decimal) string {
		hi := x.Mul(after).DivRound(d.InvoiceTotal, 20).Round(dec)
		lo := x.Mul(before).DivRound(d.InvoiceTotal, 20).Round(dec)
		return hi.Sub(lo).StringFixed(dec)
	}
	for i, t := range d.Taxes {
		tpath := fmt.Sprintf("%s.Taxes[%d]", path, i)
		if t.Base.IsNegative() || t.Importe.IsNegative() {
			return calcErrorf(tpath, "negative tax amounts")
		}
		x := ImpuestoDR{BaseDR: share(t.Base), ImpuestoDR: t.Impuesto, TipoFactorDR: t.TipoFactor}
		switch {
		case t.TipoFactor == FactorExento && t.Withholding:
			return calcErrorf(tpath+".TipoFactor", "a withholding cannot be Exento")
		case t.TipoFactor == FactorExento:
		case (t.TipoFactor == FactorTasa || t.TipoFactor == FactorCuota) && validRate(t.TasaOCuota):
			x.TasaOCuotaDR, x.ImporteDR = t.TasaOCuota, clampTax(share(t.Importe), x.BaseDR, t.TasaOCuota, dec)
		default:
			return calcErrorf(tpath+".TasaOCuota", "TipoFactor %q needs a TasaOCuota of six decimals, got %q", t.TipoFactor, t.TasaOCuota)
		}
		if decimal.RequireFromString(x.BaseDR).IsZero() {
			continue // the Pagos XSD wants BaseDR > 0: a sub-cent share is left out
		}
		if t.Withholding {
			dr.RetencionesDR = append(dr.RetencionesDR, x)
		} else {
			dr.TrasladosDR = append(dr.TrasladosDR, x)
		}
	}
	if len(dr.RetencionesDR)+len(dr.TrasladosDR) == 0 {
		return calcErrorf(path+".ImpPagado", "%s is too small to carry any of the invoice's taxes", d.ImpPagado)
	}
	return nil
}

// clampTax keeps a tax amount within the limits of base × rate that the SAT
// applies to tax amounts (CFDI.md §4.3): lower = (base − ½ulp) × rate
// truncated, upper = (base + ½ulp − 10⁻¹²) × rate rounded up, at dec decimals.
func clampTax(importe, base, rate string, dec int32) string {
	b, r := decimal.RequireFromString(base), decimal.RequireFromString(rate)
	half := decimal.New(5, -dec-1)
	lo := b.Sub(half).Mul(r).Truncate(dec)
	hi := b.Add(half).Sub(decimal.New(1, -12)).Mul(r)
	if !hi.Truncate(dec).Equal(hi) {
		hi = hi.Truncate(dec).Add(decimal.New(1, -dec))
	}
	x := decimal.RequireFromString(importe)
	if lo.IsNegative() {
		lo = decimal.Zero
	}
	return decimal.Max(lo, decimal.Min(hi, x)).StringFixed(dec)
}

// validRate reports whether s is a TasaOCuota as written: a non-negative
// number with exactly six decimals.
func validRate(s string) bool {
	r, err := decimal.NewFromString(s)
	return err == nil && !r.IsNegative() && len(s) > 7 && s[len(s)-7] == '.'
}
