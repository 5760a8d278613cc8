package cfdi

import (
	"github.com/shopspring/decimal"
)

// valSubTotal is CFDI40107 (currency decimals), CFDI40108 (I/E/N: the
// rounded sum of the concept Importe) and CFDI40109 (T/P: zero).
func valSubTotal(v *valCtx) {
	c := v.c
	sub, ok := v.amount(c.SubTotal)
	if !ok {
		return
	}
	if v.overDecimals(c.SubTotal) {
		v.add("CFDI40107", "SubTotal", "%s has more decimals than %s allows (%d)", c.SubTotal, c.Moneda, v.dec)
	}
	switch {
	case v.zeroTotals():
		if !sub.IsZero() {
			v.add("CFDI40109", "SubTotal", "must be 0 for TipoDeComprobante %s, got %s", c.TipoDeComprobante, c.SubTotal)
		}
	case v.sumsApply():
		sum := decimal.Zero
		for _, k := range c.Conceptos {
			if x, ok := v.amount(k.Importe); ok {
				sum = sum.Add(x)
			}
		}
		if want := sum.Round(v.dec); !sub.Equal(want) {
			v.add("CFDI40108", "SubTotal", "%s is not the rounded sum of the concept amounts, %s", c.SubTotal, want.StringFixed(v.dec))
		}
	}
}

// valDescuento is CFDI40110 (≤ SubTotal), CFDI40111 (present iff a concept
// has Descuento, equal to the rounded sum; never on T/P) and CFDI40112
// (currency decimals).
func valDescuento(v *valCtx) {
	c := v.c
	sum, any := decimal.Zero, false
	for _, k := range c.Conceptos {
		if k.Descuento != "" {
			any = true
			if x, ok := v.amount(k.Descuento); ok {
				sum = sum.Add(x)
			}
		}
	}
	if !v.sumsApply() {
		if any || c.Descuento != "" {
			v.add("CFDI40111", "Descuento", "TipoDeComprobante %s has no discounts", c.TipoDeComprobante)
		}
		return
	}
	if c.Descuento == "" {
		if any {
			v.add("CFDI40111", "Descuento", "is required when a concept has Descuento: %s", sum.Round(v.dec).StringFixed(v.dec))
		}
		return
	}
	desc, ok := v.amount(c.Descuento)
	if !ok {
		return
	}
	if v.overDecimals(c.Descuento) {
		v.add("CFDI40112", "Descuento", "%s has more decimals than %s allows (%d)", c.Descuento, c.Moneda, v.dec)
	}
	if sub, ok := v.amount(c.SubTotal); ok && desc.GreaterThan(sub) {
		v.add("CFDI40110", "Descuento", "%s is greater than SubTotal %s", c.Descuento, c.SubTotal)
	}
	if !any {
		v.add("CFDI40111", "Descuento", "must be absent when no concept has Descuento")
	} else if want := sum.Round(v.dec); !desc.Equal(want) {
		v.add("CFDI40111", "Descuento", "%s is not the rounded sum of the concept discounts, %s", c.Descuento, want.StringFixed(v.dec))
	}
}

// valTotal is CFDI40119: Total = SubTotal − Descuento +
// TotalImpuestosTrasladados − TotalImpuestosRetenidos, as written (0 for T
// and P). Local taxes (implocal) are not supported.
func valTotal(v *valCtx) {
	c := v.c
	total, ok := v.amount(c.Total)
	if !ok {
		return
	}
	want := decimal.Zero
	if !v.zeroTotals() {
		sub, _ := v.amount(c.SubTotal)
		desc, _ := v.amount(c.Descuento)
		want = sub.Sub(desc)
		if imp := c.Impuestos; imp != nil {
			tras, _ := v.amount(imp.TotalImpuestosTrasladados)
			ret, _ := v.amount(imp.TotalImpuestosRetenidos)
			want = want.Add(tras).Sub(ret)
		}
	}
	if !total.Equal(want) {
		v.add("CFDI40119", "Total", "%s is not SubTotal − Descuento + TotalImpuestosTrasladados − TotalImpuestosRetenidos = %s", c.Total, want.String())
	}
	if v.overDecimals(c.Total) {
		v.add("CFDI40119", "Total", "%s has more decimals than %s allows (%d)", c.Total, c.Moneda, v.dec)
	}
}
