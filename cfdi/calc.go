package cfdi

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// Draft is a document to compute: header data plus lines given as quantity,
// unit price, discount and taxes. Compute turns it into a Comprobante with
// every amount filled in.
type Draft struct {
	Serie, Folio, Fecha, FormaPago, CondicionesDePago, Moneda, TipoCambio string
	TipoDeComprobante, Exportacion, MetodoPago, LugarExpedicion           string

	InformacionGlobal *InformacionGlobal
	CfdiRelacionados  []CfdiRelacionados
	Emisor            Emisor
	Receptor          Receptor
	Lines             []Line

	// ConceptDecimals is the number of decimals (0–6) of the concept-level
	// amounts: Importe, Descuento, tax Base and tax Importe. Nil means the
	// currency's decimals (c_Moneda), which is Sello's default. Totals are
	// always written at the currency's decimals.
	ConceptDecimals *int32
}

// Line is one concept of a Draft.
//
// Cantidad and ValorUnitario are written with the scale the caller gave them
// (decimal.RequireFromString("130.00") is written "130.00", "1" is written
// "1"); trailing zeros beyond six decimals are dropped, and a value that still
// needs more than six decimals is an error. Descuento is written only when it
// is not zero.
type Line struct {
	ClaveProdServ, NoIdentificacion, ClaveUnidad, Unidad, Descripcion string
	// ObjetoImp defaults to "02" when the line has taxes and "01" otherwise.
	ObjetoImp string

	Cantidad, ValorUnitario, Descuento decimal.Decimal
	Taxes                              []LineTax

	ACuentaTerceros     *ACuentaTerceros
	InformacionAduanera []string
	CuentaPredial       []string
}

// LineTax is a tax applied to a line.
type LineTax struct {
	Impuesto    string          // "001" ISR, "002" IVA, "003" IEPS
	TipoFactor  string          // "Tasa", "Cuota", "Exento"
	TasaOCuota  decimal.Decimal // 0.16, 0.106667, …; ignored for Exento
	Withholding bool            // a Retencion when true, a Traslado otherwise
	// Inclusive says the line's ValorUnitario already contains this
	// transferred Tasa: the pre-tax unit price written is ValorUnitario /
	// (1 + Σ inclusive rates), rounded to 6 decimals (API §8).
	Inclusive bool
	// Base, when Valid, overrides the computed base (written at the
	// concept decimals).
	Base decimal.NullDecimal
}

// Tax codes (c_Impuesto) and factor types (c_TipoFactor).
const (
	ImpuestoISR  = "001"
	ImpuestoIVA  = "002"
	ImpuestoIEPS = "003"

	FactorTasa   = "Tasa"
	FactorCuota  = "Cuota"
	FactorExento = "Exento"
)

// ComputeError reports why a Draft or a Comprobante cannot be computed.
type ComputeError struct {
	Path    string // e.g. "Lines[2].Taxes[0].TasaOCuota"
	Message string
	Code    string // the row of the SAT's error matrix it breaks, if any
}

// Error implements error.
func (e *ComputeError) Error() string {
	if e.Path == "" {
		return "cfdi: " + e.Message
	}
	return "cfdi: " + e.Path + ": " + e.Message
}

func calcErrorf(path, format string, args ...any) error {
	return &ComputeError{Path: path, Message: fmt.Sprintf(format, args...)}
}

// calcRuleErrorf is calcErrorf for a row of the SAT's error matrix.
func calcRuleErrorf(code, path, format string, args ...any) error {
	return &ComputeError{Path: path, Message: fmt.Sprintf(format, args...), Code: code}
}

// Compute fills every amount (concept Importe, tax Base and Importe, the
// summary Impuestos, SubTotal, Descuento, Total) by the SAT rounding rules
// and returns the Comprobante, not yet sealed.
//
// Each line is computed and written first (Importe = round(Cantidad ×
// ValorUnitario), tax Importe = round(Base × TasaOCuota), half away from
// zero); the totals are then the rounded sums of the written line values
// (ComputeTotals). The IVA base of a line includes its transferred IEPS, and
// an IEPS Cuota applies to the quantity.
func Compute(d *Draft) (*Comprobante, error) {
	dec, err := calcCurrencyDecimals(d.Moneda)
	if err != nil {
		return nil, err
	}
	scale := dec
	if d.ConceptDecimals != nil {
		scale = *d.ConceptDecimals
		if scale < 0 || scale > 6 {
			return nil, calcErrorf("ConceptDecimals", "must be between 0 and 6, got %d", scale)
		}
	}
	if len(d.Lines) == 0 {
		return nil, calcErrorf("Lines", "a document needs at least one line")
	}
	c := calcHeader(d)
	c.Conceptos = make([]Concepto, len(d.Lines))
	for i := range d.Lines {
		// Paths are for errors only: a line is computed without one, and
		// computed again with it when it fails (calcLine is deterministic).
		if calcLine(&c.Conceptos[i], &d.Lines[i], scale, dec, "") != nil {
			return nil, calcLine(&c.Conceptos[i], &d.Lines[i], scale, dec, fmt.Sprintf("Lines[%d]", i))
		}
	}
	if err := ComputeTotals(c); err != nil {
		return nil, err
	}
	return c, nil
}

func calcHeader(d *Draft) *Comprobante {
	return &Comprobante{
		Version:           "4.0",
		Serie:             d.Serie,
		Folio:             d.Folio,
		Fecha:             d.Fecha,
		FormaPago:         d.FormaPago,
		CondicionesDePago: d.CondicionesDePago,
		Moneda:            d.Moneda,
		TipoCambio:        d.TipoCambio,
		TipoDeComprobante: d.TipoDeComprobante,
		Exportacion:       d.Exportacion,
		MetodoPago:        d.MetodoPago,
		LugarExpedicion:   d.LugarExpedicion,
		InformacionGlobal: d.InformacionGlobal,
		CfdiRelacionados:  d.CfdiRelacionados,
		Emisor:            d.Emisor,
		Receptor:          d.Receptor,
	}
}

// calcLine computes one concept at scale decimals (the concepts' own, of a
// currency of dec decimals).
func calcLine(c *Concepto, l *Line, scale, dec int32, path string) error {
	cantidad, err := calcInput(l.Cantidad, path+".Cantidad")
	if err != nil {
		return err
	}
	if !l.Cantidad.IsPositive() {
		return calcErrorf(path+".Cantidad", "must be greater than 0")
	}
	price := calcPreTax(l)
	if p, sc, ok := calcGrossPrice(l, price, scale, dec); ok {
		price, scale = p, sc
	}
	valor, err := calcInput(price, path+".ValorUnitario")
	if err != nil {
		return err
	}
	if price.IsNegative() {
		return calcErrorf(path+".ValorUnitario", "must not be negative")
	}
	importe := calcMulRound(l.Cantidad, price, scale)
	base := importe
	*c = Concepto{
		ClaveProdServ:       l.ClaveProdServ,
		NoIdentificacion:    l.NoIdentificacion,
		Cantidad:            cantidad,
		ClaveUnidad:         l.ClaveUnidad,
		Unidad:              l.Unidad,
		Descripcion:         l.Descripcion,
		ValorUnitario:       valor,
		Importe:             calcFixed(importe, scale),
		ObjetoImp:           l.ObjetoImp,
		ACuentaTerceros:     l.ACuentaTerceros,
		InformacionAduanera: l.InformacionAduanera,
		CuentaPredial:       l.CuentaPredial,
	}
	if !l.Descuento.IsZero() {
		desc := l.Descuento.Round(scale)
		if desc.IsNegative() || desc.GreaterThan(importe) {
			return calcRuleErrorf("CFDI40169", path+".Descuento", "must be between 0 and the line amount %s", c.Importe)
		}
		c.Descuento = calcFixed(desc, scale)
		base = importe.Sub(desc)
	}
	if c.ObjetoImp == "" {
		c.ObjetoImp = "01"
		if len(l.Taxes) > 0 {
			c.ObjetoImp = "02"
		}
	}
	return calcLineTaxes(c, l, base, cantidad, scale, path)
}

// calcPreTax returns the unit price without the inclusive transferred
// rates: ValorUnitario / (1 + Σ rates) rounded to 6 decimals, written with
// no fewer decimals than the caller gave (116.00 / 1.16 → 100.00).
func calcPreTax(l *Line) decimal.Decimal {
	rates := decimal.Zero
	for _, t := range l.Taxes {
		if t.Inclusive && !t.Withholding && t.TipoFactor == FactorTasa {
			rates = rates.Add(t.TasaOCuota)
		}
	}
	if rates.IsZero() || rates.IsNegative() {
		return l.ValorUnitario
	}
	p := l.ValorUnitario.DivRound(rates.Add(decimal.NewFromInt(1)), 6)
	places := min(max(-p.Exponent(), 0), 6)
	for places > 0 && p.Round(places-1).Equal(p) && places > -l.ValorUnitario.Exponent() {
		places--
	}
	return p.Round(places)
}

// calcGrossReach bounds, in millionths, how far from the divided price
// calcGrossPrice looks for the price that gives back the gross.
const calcGrossReach = 1_000_000

// calcGrossPrice gives back the gross a customer paid for a line whose
// price includes its transferred taxes (3 × 99.99 with IVA is 299.97, not
// the 299.96 of a pre-tax price of 86.20 or of a line rounded to cents): it
// returns a pre-tax unit price of six decimals, and the decimals to write
// the line at, whose amount plus its taxes, each rounded to the currency's
// dec decimals as the document's totals are, equal Cantidad × ValorUnitario
// rounded to dec. The divided price at the concepts' scale is kept when it
// already does; otherwise the line is written at six decimals (an Importe
// may have up to six, and is then exactly Cantidad × ValorUnitario, within
// the SAT's limits) with the price nearest the exact pre-tax one (IVA's
// base includes the IEPS, so both rates divide in turn) that does.
// ok is false (keep the divided price) for a line with a discount, a
// withholding, a Cuota or a transferred tax that is not inclusive, and
// when no price gives the gross (the total steps over it).
func calcGrossPrice(l *Line, divided decimal.Decimal, scale, dec int32) (decimal.Decimal, int32, bool) {
	inclusive := false
	for _, t := range l.Taxes {
		switch {
		case t.Withholding || t.TipoFactor == FactorCuota || t.Base.Valid:
			return divided, scale, false
		case t.TipoFactor == FactorTasa && !t.Inclusive:
			return divided, scale, false
		case t.Inclusive:
			inclusive = true
		}
	}
	if !inclusive || !l.Descuento.IsZero() || !l.Cantidad.IsPositive() || l.ValorUnitario.IsNegative() {
		return divided, scale, false
	}
	gross := l.Cantidad.Mul(l.ValorUnitario).Round(dec)
	plain := *l
	plain.Taxes = make([]LineTax, len(l.Taxes))
	for i, t := range l.Taxes {
		t.Inclusive = false
		plain.Taxes[i] = t
	}
	// total is the line's amount plus its taxes as the totals round them,
	// at price and sc decimals; -1 when the line does not compute.
	total := func(price decimal.Decimal, sc int32) decimal.Decimal {
		plain.ValorUnitario = price
		var c Concepto
		if calcLine(&c, &plain, sc, dec, "") != nil {
			return decimal.NewFromInt(-1)
		}
		sum, err := decimal.NewFromString(c.Importe)
		if err != nil {
			return decimal.NewFromInt(-1)
		}
		sum = sum.Round(dec)
		for _, t := range c.Traslados {
			if t.Importe != "" {
				v, err := decimal.NewFromString(t.Importe)
				if err != nil {
					return decimal.NewFromInt(-1)
				}
				sum = sum.Add(v.Round(dec))
			}
		}
		return sum
	}
	if total(divided, scale).Equal(gross) {
		return divided, scale, true
	}
	// The search starts at the price whose line gives the gross: divided by
	// each inclusive rate in turn, since IVA's base includes the IEPS.
	factor := decimal.NewFromInt(1)
	for _, t := range l.Taxes {
		if t.Inclusive && t.TipoFactor == FactorTasa {
			factor = factor.Mul(t.TasaOCuota.Add(decimal.NewFromInt(1)))
		}
	}
	base := l.ValorUnitario.DivRound(factor, 6)
	at := func(k int64) decimal.Decimal { return base.Add(decimal.New(k, -6)) }
	cmp := total(at(0), 6).Cmp(gross)
	if cmp == 0 {
		return at(0), 6, true
	}
	// The line's total never falls as its price rises, so the steps whose
	// total is the gross are one run: the nearest is its first when the
	// divided price totals less, its last when it totals more, found by
	// halving the steps within reach.
	lo := -min(calcGrossReach, base.Shift(6).IntPart())
	i := sort.Search(int(calcGrossReach-lo+1), func(i int) bool {
		c := total(at(lo+int64(i)), 6).Cmp(gross)
		return c > 0 || c == 0 && cmp < 0
	})
	k := lo + int64(i)
	if cmp > 0 {
		k-- // the last step not over the gross
	}
	if k >= lo && k <= calcGrossReach && total(at(k), 6).Equal(gross) {
		return at(k), 6, true
	}
	return divided, scale, false
}

// calcMaxAmount is 10^18, the first amount with 19 integer digits.
var calcMaxAmount = decimal.New(1, 18)

// calcInput writes a caller-given Cantidad or ValorUnitario with its own scale,
// dropping trailing zeros beyond six decimals.
func calcInput(v decimal.Decimal, path string) (string, error) {
	if v.Abs().Cmp(calcMaxAmount) >= 0 {
		return "", calcErrorf(path, "%s has more than 18 integer digits", v.String())
	}
	places := max(-v.Exponent(), 0)
	if places > 6 {
		if !v.Round(6).Equal(v) {
			return "", calcErrorf(path, "%s has more than 6 decimals", v.String())
		}
		places = 6
	}
	if out := calcFixed(v, places); calcAmountShape(out) {
		return out, nil
	}
	return "", calcErrorf(path, "%s is not a non-negative amount of up to 18 digits", v.String())
}

// calcLineTaxes computes the taxes of a line in two passes: IEPS and ISR
// first, then IVA, whose base includes the IEPS transferred on the same line
// (guía de llenado: 15000.00 + IEPS 1200.00 → IVA base 16200.00).
func calcLineTaxes(c *Concepto, l *Line, base decimal.Decimal, cantidad string, scale int32, path string) error {
	out := make([]calcTaxResult, len(l.Taxes))
	ieps := decimal.Zero
	for pass := 0; pass < 2; pass++ {
		for i, t := range l.Taxes {
			if (t.Impuesto == ImpuestoIVA) != (pass == 1) {
				continue
			}
			tpath := ""
			if path != "" {
				tpath = fmt.Sprintf("%s.Taxes[%d]", path, i)
			}
			b := base
			if t.Impuesto == ImpuestoIVA {
				b = base.Add(ieps)
			}
			if t.Base.Valid {
				b = t.Base.Decimal.Round(scale)
			}
			r, err := calcTax(t, b, cantidad, scale, tpath)
			if err != nil {
				return err
			}
			out[i] = r
			if t.Impuesto == ImpuestoIEPS && !t.Withholding && r.importe != "" {
				ieps = ieps.Add(calcAmount(r.importe))
			}
		}
	}
	for i, t := range l.Taxes {
		if t.Withholding {
			c.Retenciones = append(c.Retenciones, Retencion{Base: out[i].base, Impuesto: t.Impuesto,
				TipoFactor: t.TipoFactor, TasaOCuota: out[i].rate, Importe: out[i].importe})
			continue
		}
		c.Traslados = append(c.Traslados, Traslado{Base: out[i].base, Impuesto: t.Impuesto,
			TipoFactor: t.TipoFactor, TasaOCuota: out[i].rate, Importe: out[i].importe})
	}
	return nil
}

type calcTaxResult struct {
	base, rate, importe string
}

func calcTax(t LineTax, base decimal.Decimal, cantidad string, scale int32, path string) (calcTaxResult, error) {
	if !base.IsPositive() && t.TipoFactor != FactorCuota {
		// CFDI40174/40181: a tax Base must be greater than 0.
		return calcTaxResult{}, calcErrorf(path, "a fully discounted or zero-amount line cannot carry taxes: the Base would be %s", base.StringFixed(scale))
	}
	switch t.TipoFactor {
	case FactorExento:
		if t.Withholding {
			return calcTaxResult{}, calcRuleErrorf("CFDI40184", path+".TipoFactor", "a withholding cannot be Exento")
		}
		return calcTaxResult{base: calcFixed(base, scale)}, nil
	case FactorTasa, FactorCuota:
	default:
		return calcTaxResult{}, calcErrorf(path+".TipoFactor", "unknown TipoFactor %q", t.TipoFactor)
	}
	if t.TasaOCuota.IsNegative() || t.TasaOCuota.Exponent() < -6 && !t.TasaOCuota.Round(6).Equal(t.TasaOCuota) {
		return calcTaxResult{}, calcErrorf(path+".TasaOCuota", "%s is not a rate with up to 6 decimals", t.TasaOCuota)
	}
	r := calcTaxResult{base: calcFixed(base, scale), rate: calcFixed(t.TasaOCuota, 6)}
	if t.TipoFactor == FactorCuota && !t.Base.Valid {
		// The fee applies to the quantity (litres, units…), which is the Base.
		r.base = cantidad
		base = calcAmount(cantidad)
	}
	r.importe = calcFixed(calcMulRound(base, t.TasaOCuota, scale), scale)
	return r, nil
}
