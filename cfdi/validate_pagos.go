package cfdi

import (
	"strconv"
	"strings"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// Codes of the Pagos 2.0 checks. The SAT's own codes for them (CRP20xxx) are
// in the Pagos error matrix, which is not among Sello's references, so these
// are descriptive; each message cites the rule of the Pagos filling guide.
const (
	// CodePagos is the document-type and structure rules of a type P CFDI.
	CodePagos = "Pagos"
	// CodePagosCatalogo is a Pago or DoctoRelacionado code not in its catalog.
	CodePagosCatalogo = "PagosCatalogo"
	// CodePagosMonto is Monto > 0, its decimals, and Σ ImpPagado ≤ Monto.
	CodePagosMonto = "PagosMonto"
	// CodePagosSaldo is ImpSaldoAnt, ImpPagado and ImpSaldoInsoluto =
	// ImpSaldoAnt − ImpPagado ≥ 0.
	CodePagosSaldo = "PagosSaldo"
	// CodePagosImpuestosDR is ObjetoImpDR vs ImpuestosDR and the DR taxes.
	CodePagosImpuestosDR = "PagosImpuestosDR"
	// CodePagosImpuestosP is the ImpuestosP groups against the DR taxes.
	CodePagosImpuestosP = "PagosImpuestosP"
	// CodePagosTotales is the Totales against the Pago nodes.
	CodePagosTotales = "PagosTotales"
)

// valPagos checks the payment complement of a type P document, and its
// absence elsewhere.
func valPagos(v *valCtx) {
	c := v.c
	p := c.Complemento.Pagos
	if c.TipoDeComprobante != "P" {
		if p != nil {
			v.add(CodePagos, "Complemento.Pagos", "only a type P CFDI carries the Pagos complement")
		}
		return
	}
	valPagoDocument(v)
	if p == nil {
		v.add(CodePagos, "Complemento.Pagos", "a type P CFDI requires the Pagos 2.0 complement")
		return
	}
	if p.Version != "2.0" {
		v.add(CodePagos, "Complemento.Pagos.Version", "must be 2.0, got %q", p.Version)
	}
	if len(p.Pago) == 0 {
		v.add(CodePagos, "Complemento.Pagos.Pago", "at least one Pago is required")
	}
	for i := range p.Pago {
		valPago(v, &p.Pago[i], valIdx("Complemento.Pagos.Pago", i))
	}
	valPagosTotales(v, p)
}

// valPagoDocument is the Comprobante side of a type P (guía de llenado del
// complemento de pagos, Apéndice: Moneda XXX, UsoCFDI CP01, one fixed
// concept).
func valPagoDocument(v *valCtx) {
	c := v.c
	if c.Moneda != "XXX" {
		v.add(CodePagos, "Moneda", "must be XXX for a type P CFDI, got %q", c.Moneda)
	}
	if c.Receptor.UsoCFDI != "" && c.Receptor.UsoCFDI != "CP01" {
		v.add(CodePagos, "Receptor.UsoCFDI", "must be CP01 for a type P CFDI, got %q", c.Receptor.UsoCFDI)
	}
	if len(c.Conceptos) != 1 {
		v.add(CodePagos, "Conceptos", "a type P CFDI has exactly one Concepto, got %d", len(c.Conceptos))
		return
	}
	k := c.Conceptos[0]
	got := [...]string{k.ClaveProdServ, k.Cantidad, k.ClaveUnidad, k.Descripcion, k.ValorUnitario, k.Importe, k.ObjetoImp,
		k.NoIdentificacion, k.Unidad, k.Descuento}
	if got != [...]string{"84111506", "1", "ACT", "Pago", "0", "0", "01", "", "", ""} || len(k.Traslados)+len(k.Retenciones) > 0 {
		v.add(CodePagos, "Conceptos[0]", "must be ClaveProdServ 84111506, Cantidad 1, ClaveUnidad ACT, Descripcion Pago, ValorUnitario 0, Importe 0, ObjetoImp 01, with no other attribute")
	}
}

// valPago checks one payment and its related documents.
func valPago(v *valCtx, p *Pago, path string) {
	if !valFechaOK(p.FechaPago) {
		v.add(CodePagos, path+".FechaPago", "%q does not match YYYY-MM-DDThh:mm:ss", p.FechaPago)
	}
	if !v.inCatalog(sat.FormaPagoCatalog, p.FormaDePagoP) || p.FormaDePagoP == "99" {
		v.add(CodePagosCatalogo, path+".FormaDePagoP", "%q is not a c_FormaPago form of payment (99 is not allowed)", p.FormaDePagoP)
	}
	m, okM := sat.LookupMoneda(p.MonedaP)
	if !okM || p.MonedaP == "XXX" {
		v.add(CodePagosCatalogo, path+".MonedaP", "%q is not a c_Moneda currency (XXX is not allowed)", p.MonedaP)
	}
	dec := int32(m.Decimals)
	valPagoTipoCambio(v, p, path)
	monto, ok := v.amount(p.Monto)
	switch {
	case !ok:
		v.add(CodePagosMonto, path+".Monto", "%q is not an amount", p.Monto)
	case !monto.IsPositive():
		v.add(CodePagosMonto, path+".Monto", "must be greater than 0")
	case okM && calcDecimals(p.Monto) > dec:
		v.add(CodePagosMonto, path+".Monto", "%s has more decimals than %s allows (%d)", p.Monto, p.MonedaP, dec)
	}
	paid := decimal.Zero
	for i := range p.DoctoRelacionado {
		paid = paid.Add(valDocto(v, p, &p.DoctoRelacionado[i], valIdx(path+".DoctoRelacionado", i)))
	}
	if ok && okM && paid.RoundFloor(dec).GreaterThan(monto) {
		v.add(CodePagosMonto, path+".Monto", "the amounts paid, %s in %s, exceed Monto %s", paid.RoundFloor(dec).StringFixed(dec), p.MonedaP, p.Monto)
	}
	valImpuestosP(v, p, path, dec)
}

// valPagoTipoCambio checks TipoCambioP: 1 for MXN, required otherwise.
func valPagoTipoCambio(v *valCtx, p *Pago, path string) (decimal.Decimal, bool) {
	if p.TipoCambioP == "" {
		if p.MonedaP != "MXN" {
			v.add(CodePagos, path+".TipoCambioP", "is required when MonedaP is not MXN")
			return decimal.Zero, false
		}
		return decimal.NewFromInt(1), true
	}
	tc, ok := v.amount(p.TipoCambioP)
	if !ok || !tc.IsPositive() || calcDecimals(p.TipoCambioP) > 6 {
		v.add(CodePagos, path+".TipoCambioP", "%q is not a positive rate with up to 6 decimals", p.TipoCambioP)
		return decimal.Zero, false
	}
	if p.MonedaP == "MXN" && !tc.Equal(decimal.NewFromInt(1)) {
		v.add(CodePagos, path+".TipoCambioP", "must be 1 when MonedaP is MXN, got %q", p.TipoCambioP)
	}
	return tc, true
}

// valDocto checks one related document and returns ImpPagado converted to
// MonedaP (ImpPagado / EquivalenciaDR).
func valDocto(v *valCtx, p *Pago, d *DoctoRelacionado, path string) decimal.Decimal {
	if !valUUID(d.IdDocumento) {
		v.add(CodePagos, path+".IdDocumento", "%q is not a UUID", d.IdDocumento)
	}
	m, okM := sat.LookupMoneda(d.MonedaDR)
	if !okM || d.MonedaDR == "XXX" {
		v.add(CodePagosCatalogo, path+".MonedaDR", "%q is not a c_Moneda currency (XXX is not allowed)", d.MonedaDR)
	}
	eq := valEquivalencia(v, p, d, path)
	if n, err := strconv.Atoi(d.NumParcialidad); err != nil || n < 1 || d.NumParcialidad[0] == '0' {
		v.add(CodePagos, path+".NumParcialidad", "%q is not a positive integer", d.NumParcialidad)
	}
	ant, okA := v.amount(d.ImpSaldoAnt)
	paid, okP := v.amount(d.ImpPagado)
	rest, okR := v.amount(d.ImpSaldoInsoluto)
	switch {
	case !okA || !okP || !okR:
		v.add(CodePagosSaldo, path, "ImpSaldoAnt, ImpPagado and ImpSaldoInsoluto are required amounts")
	case !ant.IsPositive() || !paid.IsPositive():
		v.add(CodePagosSaldo, path+".ImpPagado", "ImpSaldoAnt and ImpPagado must be greater than 0")
	case rest.IsNegative() || !rest.Equal(ant.Sub(paid)):
		v.add(CodePagosSaldo, path+".ImpSaldoInsoluto", "%s is not ImpSaldoAnt − ImpPagado = %s (≥ 0)", d.ImpSaldoInsoluto, ant.Sub(paid))
	}
	for _, f := range []valField{{path + ".ImpSaldoAnt", d.ImpSaldoAnt}, {path + ".ImpPagado", d.ImpPagado}, {path + ".ImpSaldoInsoluto", d.ImpSaldoInsoluto}} {
		if okM && calcAmountShape(f.value) && calcDecimals(f.value) > int32(m.Decimals) {
			v.add(CodePagosSaldo, f.path, "%s has more decimals than %s allows (%d)", f.value, d.MonedaDR, m.Decimals)
		}
	}
	valImpuestosDR(v, d, path)
	if !okP || !eq.IsPositive() {
		return decimal.Zero
	}
	return paid.DivRound(eq, 20)
}

// valEquivalencia checks EquivalenciaDR: 1 for the same currency, required
// (up to 10 decimals) for different ones.
func valEquivalencia(v *valCtx, p *Pago, d *DoctoRelacionado, path string) decimal.Decimal {
	if d.EquivalenciaDR == "" {
		if d.MonedaDR != p.MonedaP {
			v.add(CodePagos, path+".EquivalenciaDR", "is required when MonedaDR differs from MonedaP")
			return decimal.Zero
		}
		return decimal.NewFromInt(1)
	}
	if !valEquivalenciaShape(d.EquivalenciaDR) {
		v.add(CodePagos, path+".EquivalenciaDR", "%q is not a positive number with up to 10 decimals", d.EquivalenciaDR)
		return decimal.Zero
	}
	eq := decimal.RequireFromString(d.EquivalenciaDR)
	if !eq.IsPositive() {
		v.add(CodePagos, path+".EquivalenciaDR", "%q is not a positive number with up to 10 decimals", d.EquivalenciaDR)
		return decimal.Zero
	}
	if d.MonedaDR == p.MonedaP && !eq.Equal(decimal.NewFromInt(1)) {
		v.add(CodePagos, path+".EquivalenciaDR", "must be 1 when MonedaDR equals MonedaP, got %q", d.EquivalenciaDR)
	}
	return eq
}

// valEquivalenciaShape matches [0-9]{1,18}(\.[0-9]{1,10})?.
func valEquivalenciaShape(s string) bool {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return len(s) >= 1 && len(s) <= 18 && calcDigits(s)
	}
	return i >= 1 && i <= 18 && len(s)-i-1 >= 1 && len(s)-i-1 <= 10 && calcDigits(s[:i]) && calcDigits(s[i+1:])
}

// valImpuestosDR is ObjetoImpDR 02 ⇒ ImpuestosDR, 01/03/04 ⇒ none, and the
// shape of each DR tax.
func valImpuestosDR(v *valCtx, d *DoctoRelacionado, path string) {
	taxes := len(d.RetencionesDR) + len(d.TrasladosDR)
	switch {
	case !v.inCatalog(sat.ObjetoImp, d.ObjetoImpDR):
		v.add(CodePagosCatalogo, path+".ObjetoImpDR", "%q is not in c_ObjetoImp", d.ObjetoImpDR)
	case d.ObjetoImpDR == "02" && taxes == 0:
		v.add(CodePagosImpuestosDR, path+".ImpuestosDR", "is required when ObjetoImpDR is 02")
	case d.ObjetoImpDR != "02" && taxes > 0:
		v.add(CodePagosImpuestosDR, path+".ImpuestosDR", "must be absent when ObjetoImpDR is %s", d.ObjetoImpDR)
	}
	for i, r := range d.RetencionesDR {
		valImpuestoDR(v, r, valIdx(path+".RetencionesDR", i), false)
	}
	for i, t := range d.TrasladosDR {
		valImpuestoDR(v, t, valIdx(path+".TrasladosDR", i), true)
	}
}

func valImpuestoDR(v *valCtx, t ImpuestoDR, path string, traslado bool) {
	if b, ok := v.amount(t.BaseDR); !ok || !b.IsPositive() {
		v.add(CodePagosImpuestosDR, path+".BaseDR", "%q is not an amount greater than 0", t.BaseDR)
	}
	if t.TipoFactorDR == FactorExento {
		if !traslado || t.TasaOCuotaDR != "" || t.ImporteDR != "" {
			v.add(CodePagosImpuestosDR, path+".TipoFactorDR", "Exento is only for transfers, without TasaOCuotaDR or ImporteDR")
		}
		return
	}
	if !sat.TasaOCuotaAllowed(t.ImpuestoDR, t.TipoFactorDR, t.TasaOCuotaDR, traslado) {
		v.add(CodePagosImpuestosDR, path+".TasaOCuotaDR", "%q is not a c_TasaOCuota value for %s %s", t.TasaOCuotaDR, t.ImpuestoDR, t.TipoFactorDR)
		return
	}
	if _, ok := v.amount(t.ImporteDR); !ok {
		v.add(CodePagosImpuestosDR, path+".ImporteDR", "is required for %s", t.TipoFactorDR)
		return
	}
	if _, ok := v.amount(t.BaseDR); ok {
		lo, hi := valTaxLimits(t.BaseDR, t.TasaOCuotaDR, calcDecimals(t.ImporteDR))
		if x, _ := v.amount(t.ImporteDR); x.LessThan(lo) || x.GreaterThan(hi) {
			v.add(CodePagosImpuestosDR, path+".ImporteDR", "%s is outside the limits %s–%s of BaseDR × TasaOCuotaDR", t.ImporteDR, lo, hi)
		}
	}
}
