package cfdi

import (
	"math/bits"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// valConceptos runs the concept rules on every concept.
func valConceptos(v *valCtx) {
	for i := range v.c.Conceptos {
		k := &v.c.Conceptos[i]
		path := valIdx("Conceptos", i)
		valConceptoCodes(v, k, path)
		valConceptoAmounts(v, k, path)
		valObjetoImp(v, k, path)
		for j, t := range k.Traslados {
			valTraslado(v, t, valIdx(path+".Traslados", j))
		}
		for j, r := range k.Retenciones {
			valRetencion(v, r, valIdx(path+".Retenciones", j))
		}
		valTerceros(v, k, path)
		for j := range k.Partes {
			valParte(v, &k.Partes[j], valIdx(path+".Partes", j))
		}
	}
}

// valConceptoCodes is CFDI40162 (ClaveProdServ, by shape until imported)
// and CFDI40165 (ClaveUnidad).
func valConceptoCodes(v *valCtx, k *Concepto, path string) {
	if k.ClaveProdServ != "" && !sat.CheckCode(v.opts.ClaveProdServ, k.ClaveProdServ, sat.ValidClaveProdServShape) {
		v.add("CFDI40162", path+".ClaveProdServ", "%q is not in c_ClaveProdServ", k.ClaveProdServ)
	}
	v.catalog("CFDI40165", path+".ClaveUnidad", k.ClaveUnidad, sat.ClaveUnidad)
}

// valConceptoAmounts is CFDI40166 (ValorUnitario > 0 for I, E, N), CFDI40167
// (Importe within the limits), CFDI40168 (Descuento decimals ≤ Importe's)
// and CFDI40169 (Descuento ≤ Importe).
func valConceptoAmounts(v *valCtx, k *Concepto, path string) {
	valor, okV := v.amount(k.ValorUnitario)
	if okV && v.sumsApply() && !valor.IsPositive() {
		v.add("CFDI40166", path+".ValorUnitario", "must be greater than 0 for TipoDeComprobante %s", v.c.TipoDeComprobante)
	}
	importe, okI := v.amount(k.Importe)
	if cant, okC := v.amount(k.Cantidad); okC && okV && okI && !valExact(cant, valor, importe, k.Importe) {
		lo, hi := valLimits(k.Cantidad, k.ValorUnitario, calcDecimals(k.Importe))
		if importe.LessThan(lo) || importe.GreaterThan(hi) {
			v.add("CFDI40167", path+".Importe", "%s is outside the limits %s–%s of Cantidad × ValorUnitario", k.Importe, lo, hi)
		}
	}
	desc, okD := v.amount(k.Descuento)
	if !okD || !okI {
		return
	}
	if calcDecimals(k.Descuento) > calcDecimals(k.Importe) {
		v.add("CFDI40168", path+".Descuento", "%s has more decimals than Importe %s", k.Descuento, k.Importe)
	}
	if desc.GreaterThan(importe) {
		v.add("CFDI40169", path+".Descuento", "%s is greater than Importe %s", k.Descuento, k.Importe)
	}
}

// valLimits returns the SAT limits of a product a × b written at places
// decimals (Anexo 20, CFDI.md §4.3): the lower limit uses each factor less
// half a unit of its last written decimal, truncated; the upper limit adds
// half a unit less 10^-12, rounded up.
func valLimits(a, b string, places int32) (lo, hi decimal.Decimal) {
	da, db := calcAmount(a), calcAmount(b)
	ha, hb := valHalfUnit(a), valHalfUnit(b)
	tiny := decimal.New(1, -12)
	lo = da.Sub(ha).Mul(db.Sub(hb)).RoundFloor(places)
	hi = da.Add(ha).Sub(tiny).Mul(db.Add(hb).Sub(tiny)).RoundCeil(places)
	return lo, hi
}

// valTaxLimits returns the limits of a tax Importe: Base with its half unit
// times the exact TasaOCuota.
func valTaxLimits(base, rate string, places int32) (lo, hi decimal.Decimal) {
	db, r := calcAmount(base), calcAmount(rate)
	hb := valHalfUnit(base)
	lo = db.Sub(hb).Mul(r).RoundFloor(places)
	hi = db.Add(hb).Sub(decimal.New(1, -12)).Mul(r).RoundCeil(places)
	return lo, hi
}

// valExact reports whether a written product is the exact product rounded
// at its own decimals, which always lies within the limits: the fast path
// that spares computing them.
func valExact(a, b, product decimal.Decimal, written string) bool {
	places := calcDecimals(written)
	if exact, ok := valExactInt(a, b, product, places); ok {
		return exact
	}
	return a.Mul(b).Round(places).Equal(product)
}

// valExactInt decides a.Mul(b).Round(places).Equal(product) in uint64
// arithmetic when the three are non-negative and small enough (ok false
// otherwise): Round is half away from zero, which for a non-negative
// product is half up.
func valExactInt(a, b, product decimal.Decimal, places int32) (exact, ok bool) {
	if a.Sign() < 0 || b.Sign() < 0 || product.Sign() < 0 || places < 0 ||
		a.NumDigits() > 17 || b.NumDigits() > 17 || product.NumDigits() > 17 {
		return false, false
	}
	hi, m := bits.Mul64(uint64(a.CoefficientInt64()), uint64(b.CoefficientInt64()))
	if hi != 0 || m > 1<<62 {
		return false, false
	}
	e := a.Exponent() + b.Exponent()
	if e < -places {
		d := -places - e
		if d > 18 {
			return false, false
		}
		pow := valPow10[d]
		q, r := m/pow, m%pow
		if r*2 >= pow {
			q++
		}
		m, e = q, -places
	}
	// Compare m × 10^e with the product at the smaller exponent.
	p, ep := uint64(product.CoefficientInt64()), product.Exponent()
	var ok1, ok2 bool
	m, ok1 = valScale(m, e-min(e, ep))
	p, ok2 = valScale(p, ep-min(e, ep))
	if !ok1 || !ok2 {
		return false, false
	}
	return m == p, true
}

// valPow10 holds 10^0 … 10^18.
var valPow10 = func() (p [19]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// valScale returns v × 10^k, ok false when it would pass 2^62.
func valScale(v uint64, k int32) (uint64, bool) {
	if k < 0 || k > 18 {
		return 0, false
	}
	hi, lo := bits.Mul64(v, valPow10[k])
	return lo, hi == 0 && lo <= 1<<62
}

// valHalfUnit is 10^-d / 2 for a value written with d decimals.
func valHalfUnit(s string) decimal.Decimal {
	return decimal.New(5, -calcDecimals(s)-1)
}

// valObjetoImp is CFDI40170 (catalog), CFDI40171 (02 needs taxes), CFDI40172
// (01, 03, 04, 05 forbid them), CFDI140226 (06, 08: no IVA or IEPS) and
// CFDI140227 (07: no IVA, an IEPS transfer required). CFDI40173 (an empty
// concept Impuestos node) cannot be expressed in the model: Marshal writes
// the node only when it has a Traslado or Retencion.
func valObjetoImp(v *valCtx, k *Concepto, path string) {
	o := k.ObjetoImp
	if o == "" {
		return
	}
	if !v.inCatalog(sat.ObjetoImp, o) {
		v.add("CFDI40170", path+".ObjetoImp", "%q is not in c_ObjetoImp", o)
		return
	}
	taxes := len(k.Traslados) + len(k.Retenciones)
	switch o {
	case "02":
		if taxes == 0 {
			v.add("CFDI40171", path+".Impuestos", "ObjetoImp 02 requires the concept's taxes")
		}
	case "01", "03", "04", "05":
		if taxes > 0 {
			v.add("CFDI40172", path+".Impuestos", "must be absent when ObjetoImp is %s", o)
		}
	case "06", "08":
		if valHasTax(k, ImpuestoIVA, ImpuestoIEPS) {
			v.add("CFDI140226", path+".Impuestos", "ObjetoImp %s allows no IVA (002) or IEPS (003), only ISR retentions", o)
		}
	case "07":
		if valHasTax(k, ImpuestoIVA) {
			v.add("CFDI140227", path+".Impuestos", "ObjetoImp 07 allows no IVA (002)")
		}
		ieps := false
		for _, t := range k.Traslados {
			ieps = ieps || t.Impuesto == ImpuestoIEPS
		}
		if !ieps {
			v.add("CFDI140227", path+".Impuestos", "ObjetoImp 07 requires an IEPS (003) Traslado")
		}
	}
}

// valHasTax reports whether a concept transfers or withholds any of the taxes.
func valHasTax(k *Concepto, impuestos ...string) bool {
	for _, imp := range impuestos {
		for _, t := range k.Traslados {
			if t.Impuesto == imp {
				return true
			}
		}
		for _, r := range k.Retenciones {
			if r.Impuesto == imp {
				return true
			}
		}
	}
	return false
}
