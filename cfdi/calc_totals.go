package cfdi

import (
	"fmt"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// ComputeTotals fills SubTotal, Descuento, the summary Impuestos and Total of
// c from the amounts already written in its concepts, at the currency's
// decimals: every total is the rounded sum of the written line values, never
// a recomputation (CFDI40108, 40111, 40211, 40215, 40216, 40221, 40119).
//
// The summary has one Retencion per Impuesto and one Traslado per (Impuesto,
// TipoFactor, TasaOCuota), in order of first appearance.
// TotalImpuestosTrasladados is written only when some transfer is Tasa or
// Cuota, TotalImpuestosRetenidos only when there are retentions, and the whole
// node is omitted when no concept has taxes. For T and P documents SubTotal
// and Total are "0" and there is no Descuento or Impuestos (40109, 40201).
func ComputeTotals(c *Comprobante) error {
	if c.TipoDeComprobante == "T" || c.TipoDeComprobante == "P" {
		c.SubTotal, c.Total, c.Descuento, c.Impuestos = "0", "0", "", nil
		return nil
	}
	dec, err := calcCurrencyDecimals(c.Moneda)
	if err != nil {
		return err
	}
	var sub, desc decimal.Decimal
	hasDesc := false
	for i, k := range c.Conceptos {
		path := func() string { return fmt.Sprintf("Conceptos[%d]", i) }
		v, err := calcParseAt(k.Importe, func() string { return path() + ".Importe" })
		if err != nil {
			return err
		}
		sub = sub.Add(v)
		if k.Descuento != "" {
			v, err := calcParseAt(k.Descuento, func() string { return path() + ".Descuento" })
			if err != nil {
				return err
			}
			desc, hasDesc = desc.Add(v), true
		}
	}
	sub = sub.Round(dec)
	c.SubTotal = calcFixed(sub, dec)
	c.Descuento = ""
	if hasDesc {
		desc = desc.Round(dec)
		c.Descuento = calcFixed(desc, dec)
	}
	imp, tras, ret, err := calcSummary(c.Conceptos, dec)
	if err != nil {
		return err
	}
	c.Impuestos = imp
	total := sub.Sub(desc).Add(tras).Sub(ret)
	if total.IsNegative() {
		return calcErrorf("Total", "the retentions exceed the amount: Total would be %s", total.StringFixed(dec))
	}
	c.Total = calcFixed(total, dec)
	return calcCheckTotals(c)
}

// calcCheckTotals reports a total too large for t_Importe (18 integer digits).
func calcCheckTotals(c *Comprobante) error {
	fields := []valField{{"SubTotal", c.SubTotal}, {"Descuento", c.Descuento}, {"Total", c.Total}}
	if imp := c.Impuestos; imp != nil {
		fields = append(fields, valField{"Impuestos.TotalImpuestosTrasladados", imp.TotalImpuestosTrasladados},
			valField{"Impuestos.TotalImpuestosRetenidos", imp.TotalImpuestosRetenidos})
		for i, t := range imp.Traslados {
			fields = append(fields, valField{valIdx("Impuestos.Traslados", i) + ".Base", t.Base},
				valField{valIdx("Impuestos.Traslados", i) + ".Importe", t.Importe})
		}
		for i, r := range imp.Retenciones {
			fields = append(fields, valField{valIdx("Impuestos.Retenciones", i) + ".Importe", r.Importe})
		}
	}
	for _, f := range fields {
		if f.value != "" && !calcAmountShape(f.value) {
			return calcErrorf(f.path, "%s does not fit an amount of 18 digits", f.value)
		}
	}
	return nil
}

// calcGroup accumulates the concept values of one summary group.
type calcGroup struct {
	impuesto, factor, rate string
	base, importe          decimal.Decimal
}

// calcSummary builds the summary Impuestos and returns it with the totals
// transferred and withheld (already rounded).
func calcSummary(cs []Concepto, dec int32) (*Impuestos, decimal.Decimal, decimal.Decimal, error) {
	var tras, ret []*calcGroup
	trasIdx := map[string]*calcGroup{}
	retIdx := map[string]*calcGroup{}
	for i, k := range cs {
		for j, t := range k.Traslados {
			path := func() string { return fmt.Sprintf("Conceptos[%d].Traslados[%d]", i, j) }
			key := t.Impuesto + "|" + t.TipoFactor + "|" + t.TasaOCuota
			g := trasIdx[key]
			if g == nil {
				g = &calcGroup{impuesto: t.Impuesto, factor: t.TipoFactor, rate: t.TasaOCuota}
				trasIdx[key] = g
				tras = append(tras, g)
			}
			if err := g.add(t.Base, t.Importe, path); err != nil {
				return nil, decimal.Zero, decimal.Zero, err
			}
		}
		for j, r := range k.Retenciones {
			path := func() string { return fmt.Sprintf("Conceptos[%d].Retenciones[%d]", i, j) }
			g := retIdx[r.Impuesto]
			if g == nil {
				g = &calcGroup{impuesto: r.Impuesto}
				retIdx[r.Impuesto] = g
				ret = append(ret, g)
			}
			if err := g.add("", r.Importe, path); err != nil {
				return nil, decimal.Zero, decimal.Zero, err
			}
		}
	}
	if len(tras) == 0 && len(ret) == 0 {
		return nil, decimal.Zero, decimal.Zero, nil
	}
	imp := &Impuestos{}
	totRet := decimal.Zero
	for _, g := range ret {
		v := g.importe.Round(dec)
		totRet = totRet.Add(v)
		imp.Retenciones = append(imp.Retenciones, Retencion{Impuesto: g.impuesto, Importe: calcFixed(v, dec)})
	}
	if len(ret) > 0 {
		imp.TotalImpuestosRetenidos = calcFixed(totRet, dec)
	}
	totTras, taxed := decimal.Zero, false
	for _, g := range tras {
		t := Traslado{Base: calcFixed(g.base.Round(dec), dec), Impuesto: g.impuesto, TipoFactor: g.factor}
		if g.factor != FactorExento {
			v := g.importe.Round(dec)
			totTras, taxed = totTras.Add(v), true
			t.TasaOCuota, t.Importe = g.rate, calcFixed(v, dec)
		}
		imp.Traslados = append(imp.Traslados, t)
	}
	if taxed {
		imp.TotalImpuestosTrasladados = calcFixed(totTras, dec)
	}
	return imp, totTras, totRet, nil
}

func (g *calcGroup) add(base, importe string, path func() string) error {
	if base != "" {
		v, err := calcParseAt(base, func() string { return path() + ".Base" })
		if err != nil {
			return err
		}
		g.base = g.base.Add(v)
	}
	if importe != "" {
		v, err := calcParseAt(importe, func() string { return path() + ".Importe" })
		if err != nil {
			return err
		}
		g.importe = g.importe.Add(v)
	}
	return nil
}

// calcParseAt is calcParse with the path built only for an error.
func calcParseAt(s string, path func() string) (decimal.Decimal, error) {
	if !calcAmountShape(s) {
		return calcParse(s, path())
	}
	return calcAmount(s), nil
}

// calcParse reads a written amount.
func calcParse(s, path string) (decimal.Decimal, error) {
	if !calcAmountShape(s) {
		return decimal.Zero, calcErrorf(path, "%q is not an amount", s)
	}
	return calcAmount(s), nil
}

// calcAmount is decimal.RequireFromString for a written amount, without the
// intermediate string when it has at most 18 digits: the same value and
// exponent ("1.50" is 150 × 10^-2).
func calcAmount(s string) decimal.Decimal {
	if !calcAmountShape(s) {
		return decimal.RequireFromString(s)
	}
	var v int64
	digits, exp := 0, int32(0)
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			exp = -int32(len(s) - i - 1)
			continue
		}
		v = v*10 + int64(s[i]-'0')
		digits++
	}
	if digits > 18 {
		return decimal.RequireFromString(s)
	}
	return decimal.New(v, exp)
}

// calcAmountShape reports whether s matches [0-9]{1,18}(\.[0-9]{1,6})?, the
// XSD shape of every amount (t_Importe and friends, without the sign).
func calcAmountShape(s string) bool {
	intPart, frac, dot := s, "", false
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac, dot = s[:i], s[i+1:], true
			break
		}
	}
	if len(intPart) < 1 || len(intPart) > 18 || (dot && (len(frac) < 1 || len(frac) > 6)) {
		return false
	}
	return calcDigits(intPart) && calcDigits(frac)
}

func calcDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// calcDecimals returns the number of decimals of a written amount.
func calcDecimals(s string) int32 {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return int32(len(s) - i - 1)
		}
	}
	return 0
}

// calcFixed is d.StringFixed(places) for what Compute writes: a
// non-negative d that needs no rounding at places (exponent ≥ −places) and
// whose digits fit an int64 with room to spare, formatted with one
// allocation. Anything else goes to StringFixed.
func calcFixed(d decimal.Decimal, places int32) string {
	k := d.Exponent() + places
	if places < 0 || places > 18 || k < 0 || k > 16 || d.Sign() < 0 || d.NumDigits()+int(k) > 16 {
		return d.StringFixed(places)
	}
	c := d.CoefficientInt64()
	for ; k > 0; k-- {
		c *= 10
	}
	var buf [24]byte
	digits := strconv.AppendInt(buf[:0], c, 10)
	if places == 0 {
		return string(digits)
	}
	var out [48]byte
	o, p := out[:0], int(places)
	if len(digits) <= p { // "5" at 2 places is "0.05"
		o = append(o, '0', '.')
		for i := len(digits); i < p; i++ {
			o = append(o, '0')
		}
		o = append(o, digits...)
	} else {
		o = append(o, digits[:len(digits)-p]...)
		o = append(o, '.')
		o = append(o, digits[len(digits)-p:]...)
	}
	return string(o)
}

// calcMulRound is a.Mul(b).Round(places) — the same coefficient and
// exponent — computed in uint64 when a and b are non-negative and small
// enough, with decimal otherwise.
func calcMulRound(a, b decimal.Decimal, places int32) decimal.Decimal {
	if a.Sign() < 0 || b.Sign() < 0 || places < 0 || places > 18 || a.NumDigits() > 17 || b.NumDigits() > 17 {
		return a.Mul(b).Round(places)
	}
	hi, m := bits.Mul64(uint64(a.CoefficientInt64()), uint64(b.CoefficientInt64()))
	e := a.Exponent() + b.Exponent()
	if hi != 0 || m > 1<<62 || e < -places-18 {
		return a.Mul(b).Round(places)
	}
	if e < -places {
		pow := valPow10[-places-e]
		q, r := m/pow, m%pow
		if r*2 >= pow {
			q++
		}
		return decimal.New(int64(q), -places)
	}
	m, ok := valScale(m, e+places)
	if !ok {
		return a.Mul(b).Round(places)
	}
	return decimal.New(int64(m), -places)
}
