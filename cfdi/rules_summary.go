package cfdi

import (
	"strings"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// valSums are the concept taxes summed per summary group.
type valSums struct {
	ret      map[string]decimal.Decimal // by Impuesto
	retOrder []string
	tras     map[string]*calcGroup // by valTrasKey
	trasKeys []string
}

// valTrasKey identifies a transfer group: Impuesto, TipoFactor and the
// numeric value of TasaOCuota.
func valTrasKey(impuesto, factor, rate string) string {
	if calcAmountShape(rate) {
		rate = valCanonical(rate)
	}
	return impuesto + "|" + factor + "|" + rate
}

// valCanonical returns a t_Importe amount as decimal.Decimal.String writes
// it, without leading zeros of the integer part or trailing zeros of the
// fraction ("0.160000" → "0.16", "007.0" → "7"): always a substring of s.
func valCanonical(s string) string {
	i := 0
	for i < len(s)-1 && s[i] == '0' && s[i+1] != '.' {
		i++
	}
	j := len(s)
	if strings.IndexByte(s, '.') >= 0 {
		for s[j-1] == '0' {
			j--
		}
		if s[j-1] == '.' {
			j--
		}
	}
	return s[i:j]
}

func valConceptSums(v *valCtx) *valSums {
	s := &valSums{ret: map[string]decimal.Decimal{}, tras: map[string]*calcGroup{}}
	for _, k := range v.c.Conceptos {
		for _, r := range k.Retenciones {
			if _, ok := s.ret[r.Impuesto]; !ok {
				s.retOrder = append(s.retOrder, r.Impuesto)
			}
			x, _ := v.amount(r.Importe)
			s.ret[r.Impuesto] = s.ret[r.Impuesto].Add(x)
		}
		for _, t := range k.Traslados {
			key := valTrasKey(t.Impuesto, t.TipoFactor, t.TasaOCuota)
			g := s.tras[key]
			if g == nil {
				g = &calcGroup{impuesto: t.Impuesto, factor: t.TipoFactor, rate: t.TasaOCuota}
				s.tras[key] = g
				s.trasKeys = append(s.trasKeys, key)
			}
			b, _ := v.amount(t.Base)
			x, _ := v.amount(t.Importe)
			g.base, g.importe = g.base.Add(b), g.importe.Add(x)
		}
	}
	return s
}

// valSummary is the summary Impuestos rules: CFDI40201 (none on T and P),
// then the retention and transfer groups.
func valSummary(v *valCtx) {
	c := v.c
	if v.zeroTotals() {
		if c.Impuestos != nil {
			v.add("CFDI40201", "Impuestos", "must be absent for TipoDeComprobante %s", c.TipoDeComprobante)
		}
		return
	}
	if !v.sumsApply() {
		return
	}
	imp := c.Impuestos
	if imp == nil {
		imp = &Impuestos{}
	}
	sums := valConceptSums(v)
	valSummaryRetenciones(v, imp, sums)
	valSummaryTraslados(v, imp, sums)
}

// valSummaryRetenciones is CFDI40202, 40203, 40206–40211.
func valSummaryRetenciones(v *valCtx, imp *Impuestos, sums *valSums) {
	seen := map[string]bool{}
	total := decimal.Zero
	for i, r := range imp.Retenciones {
		path := valIdx("Impuestos.Retenciones", i)
		v.catalog("CFDI40207", path+".Impuesto", r.Impuesto, sat.Impuesto)
		if seen[r.Impuesto] {
			v.add("CFDI40208", path+".Impuesto", "only one Retencion per Impuesto; %s is repeated", r.Impuesto)
		}
		seen[r.Impuesto] = true
		x, ok := v.amount(r.Importe)
		if !ok {
			continue
		}
		total = total.Add(x)
		if v.overDecimals(r.Importe) {
			v.add("CFDI40210", path+".Importe", "%s has more decimals than %s allows (%d)", r.Importe, v.c.Moneda, v.dec)
		}
		if want := sums.ret[r.Impuesto].Round(v.dec); !x.Equal(want) {
			v.add("CFDI40211", path+".Importe", "%s is not the rounded sum of the concept retentions of %s, %s", r.Importe, r.Impuesto, want.StringFixed(v.dec))
		}
	}
	for _, key := range sums.retOrder {
		if !seen[key] {
			v.add("CFDI40211", "Impuestos.Retenciones", "the concepts withhold %s but the summary has no Retencion for it", key)
		}
	}
	t := imp.TotalImpuestosRetenidos
	switch {
	case t == "" && len(imp.Retenciones) > 0:
		v.add("CFDI40206", "Impuestos.TotalImpuestosRetenidos", "is required when there are Retenciones")
	case t == "" && len(sums.retOrder) > 0:
		v.add("CFDI40209", "Impuestos.TotalImpuestosRetenidos", "is required when the concepts have retentions")
	case t != "":
		if v.overDecimals(t) {
			v.add("CFDI40202", "Impuestos.TotalImpuestosRetenidos", "%s has more decimals than %s allows (%d)", t, v.c.Moneda, v.dec)
		}
		if x, ok := v.amount(t); ok && !x.Equal(total) {
			v.add("CFDI40203", "Impuestos.TotalImpuestosRetenidos", "%s is not the sum of the Retencion amounts, %s", t, total.StringFixed(v.dec))
		}
	}
}

// valSummaryTraslados is CFDI40204, 40205, 40212–40221.
func valSummaryTraslados(v *valCtx, imp *Impuestos, sums *valSums) {
	seen := map[string]bool{}
	total, taxed := decimal.Zero, false
	for i, t := range imp.Traslados {
		path := valIdx("Impuestos.Traslados", i)
		v.catalog("CFDI40217", path+".Impuesto", t.Impuesto, sat.Impuesto)
		key := valTrasKey(t.Impuesto, t.TipoFactor, t.TasaOCuota)
		if seen[key] {
			v.add("CFDI40218", path+".Impuesto", "only one Traslado per Impuesto, TipoFactor and TasaOCuota; this one is repeated")
		}
		seen[key] = true
		g := sums.tras[key]
		if g == nil {
			g = &calcGroup{}
		}
		if t.TipoFactor == FactorExento {
			valSummaryExento(v, t, g, path)
			continue
		}
		taxed = true
		x := valSummaryTasa(v, t, g, path)
		total = total.Add(x)
	}
	for _, key := range sums.trasKeys {
		if seen[key] {
			continue
		}
		g := sums.tras[key]
		code := "CFDI40215"
		if g.factor == FactorExento {
			code = "CFDI40216"
		} else {
			taxed = true
		}
		v.add(code, "Impuestos.Traslados", "the concepts transfer %s %s %s but the summary has no Traslado for it", g.impuesto, g.factor, g.rate)
	}
	t := imp.TotalImpuestosTrasladados
	if t == "" {
		if taxed {
			v.add("CFDI40212", "Impuestos.TotalImpuestosTrasladados", "is required when a transfer is Tasa or Cuota")
		}
		return
	}
	if v.overDecimals(t) {
		v.add("CFDI40204", "Impuestos.TotalImpuestosTrasladados", "%s has more decimals than %s allows (%d)", t, v.c.Moneda, v.dec)
	}
	if x, ok := v.amount(t); ok && !x.Equal(total) {
		v.add("CFDI40205", "Impuestos.TotalImpuestosTrasladados", "%s is not the sum of the Traslado amounts, %s", t, total.StringFixed(v.dec))
	}
}

// valSummaryExento is CFDI40213 (only Base, Impuesto and TipoFactor) and
// CFDI40216 (Base is the rounded sum of the Exento bases).
func valSummaryExento(v *valCtx, t Traslado, g *calcGroup, path string) {
	if t.TasaOCuota != "" || t.Importe != "" {
		v.add("CFDI40213", path, "an Exento Traslado has only Base, Impuesto and TipoFactor")
	}
	valSummaryBase(v, "CFDI40216", t, g, path)
}

// valSummaryBase is CFDI40214 (decimals) and the rounded-sum rule of Base.
func valSummaryBase(v *valCtx, code string, t Traslado, g *calcGroup, path string) {
	b, ok := v.amount(t.Base)
	if !ok {
		return
	}
	if v.overDecimals(t.Base) {
		v.add("CFDI40214", path+".Base", "%s has more decimals than %s allows (%d)", t.Base, v.c.Moneda, v.dec)
	}
	if want := g.base.Round(v.dec); !b.Equal(want) {
		v.add(code, path+".Base", "%s is not the rounded sum of the concept bases, %s", t.Base, want.StringFixed(v.dec))
	}
}

// valSummaryTasa is CFDI40219 (TasaOCuota), 40214/40215 (Base), 40220/40221
// (Importe) of a Tasa or Cuota group, and returns its Importe.
func valSummaryTasa(v *valCtx, t Traslado, g *calcGroup, path string) decimal.Decimal {
	if t.TasaOCuota == "" || !sat.TasaOCuotaAllowed(t.Impuesto, t.TipoFactor, t.TasaOCuota, true) {
		v.add("CFDI40219", path+".TasaOCuota", "%q is not a c_TasaOCuota transfer value for %s %s", t.TasaOCuota, t.Impuesto, t.TipoFactor)
	}
	valSummaryBase(v, "CFDI40215", t, g, path)
	x, ok := v.amount(t.Importe)
	if !ok {
		v.add("CFDI40221", path+".Importe", "is required for a %s Traslado", t.TipoFactor)
		return decimal.Zero
	}
	if v.overDecimals(t.Importe) {
		v.add("CFDI40220", path+".Importe", "%s has more decimals than %s allows (%d)", t.Importe, v.c.Moneda, v.dec)
	}
	if want := g.importe.Round(v.dec); !x.Equal(want) {
		v.add("CFDI40221", path+".Importe", "%s is not the rounded sum of the concept transfers, %s", t.Importe, want.StringFixed(v.dec))
	}
	return x
}
