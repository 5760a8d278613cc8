package cfdi

import (
	"github.com/shopspring/decimal"
)

// valDREquivalencia returns a DR's EquivalenciaDR, 1 when absent or invalid
// (valEquivalencia reports those).
func valDREquivalencia(d *DoctoRelacionado) decimal.Decimal {
	if !valEquivalenciaShape(d.EquivalenciaDR) {
		return decimal.NewFromInt(1)
	}
	if eq := decimal.RequireFromString(d.EquivalenciaDR); eq.IsPositive() {
		return eq
	}
	return decimal.NewFromInt(1)
}

// valPagoGroups sums the DR taxes of a Pago converted to MonedaP
// (ImporteDR / EquivalenciaDR), grouped as ImpuestosP groups them.
func valPagoGroups(v *valCtx, p *Pago) (ret, tras map[string]*calcGroup, order []string) {
	ret, tras = map[string]*calcGroup{}, map[string]*calcGroup{}
	conv := func(s string, eq decimal.Decimal) decimal.Decimal {
		x, _ := v.amount(s)
		return x.DivRound(eq, 20)
	}
	for i := range p.DoctoRelacionado {
		d := &p.DoctoRelacionado[i]
		eq := valDREquivalencia(d)
		for _, r := range d.RetencionesDR {
			g := ret[r.ImpuestoDR]
			if g == nil {
				g = &calcGroup{impuesto: r.ImpuestoDR}
				ret[r.ImpuestoDR] = g
				order = append(order, "R|"+r.ImpuestoDR)
			}
			g.importe = g.importe.Add(conv(r.ImporteDR, eq))
		}
		for _, t := range d.TrasladosDR {
			key := valTrasKey(t.ImpuestoDR, t.TipoFactorDR, t.TasaOCuotaDR)
			g := tras[key]
			if g == nil {
				g = &calcGroup{impuesto: t.ImpuestoDR, factor: t.TipoFactorDR, rate: t.TasaOCuotaDR}
				tras[key] = g
				order = append(order, "T|"+key)
			}
			g.base = g.base.Add(conv(t.BaseDR, eq))
			g.importe = g.importe.Add(conv(t.ImporteDR, eq))
		}
	}
	return ret, tras, order
}

// valImpuestosP checks that ImpuestosP has one group per DR tax group, whose
// amounts round (at MonedaP's decimals) to the DR amounts converted to
// MonedaP, and nothing else.
func valImpuestosP(v *valCtx, p *Pago, path string, dec int32) {
	ret, tras, order := valPagoGroups(v, p)
	ip := p.ImpuestosP
	path += ".ImpuestosP"
	if ip == nil || len(ip.RetencionesP)+len(ip.TrasladosP) == 0 {
		if len(order) > 0 {
			v.add(CodePagosImpuestosP, path, "is required when the related documents carry taxes")
		}
		return
	}
	seen := map[string]bool{}
	for i, r := range ip.RetencionesP {
		rp := valIdx(path+".RetencionesP", i)
		g := ret[r.ImpuestoP]
		if g == nil || seen["R|"+r.ImpuestoP] {
			v.add(CodePagosImpuestosP, rp, "no related document withholds %s, or it is repeated", r.ImpuestoP)
			continue
		}
		seen["R|"+r.ImpuestoP] = true
		valPagoAmount(v, rp+".ImporteP", r.ImporteP, g.importe, dec)
	}
	for i, t := range ip.TrasladosP {
		tp := valIdx(path+".TrasladosP", i)
		key := valTrasKey(t.ImpuestoP, t.TipoFactorP, t.TasaOCuotaP)
		g := tras[key]
		if g == nil || seen["T|"+key] {
			v.add(CodePagosImpuestosP, tp, "no related document transfers %s %s %s, or it is repeated", t.ImpuestoP, t.TipoFactorP, t.TasaOCuotaP)
			continue
		}
		seen["T|"+key] = true
		valPagoAmount(v, tp+".BaseP", t.BaseP, g.base, dec)
		if t.TipoFactorP == FactorExento {
			if t.TasaOCuotaP != "" || t.ImporteP != "" {
				v.add(CodePagosImpuestosP, tp, "an Exento TrasladoP has no TasaOCuotaP or ImporteP")
			}
			continue
		}
		valPagoAmount(v, tp+".ImporteP", t.ImporteP, g.importe, dec)
	}
	for _, key := range order {
		if !seen[key] {
			v.add(CodePagosImpuestosP, path, "the related documents carry %s but ImpuestosP has no group for it", key[2:])
		}
	}
}

// valPagoAmount reports a written amount that does not round to the sum at
// the currency's decimals.
func valPagoAmount(v *valCtx, path, written string, sum decimal.Decimal, dec int32) {
	x, ok := v.amount(written)
	if !ok {
		v.add(CodePagosImpuestosP, path, "%q is not an amount", written)
		return
	}
	if want := sum.Round(dec); !x.Round(dec).Equal(want) {
		v.add(CodePagosImpuestosP, path, "%s is not the sum of the related documents' amounts converted to MonedaP, %s", written, want.StringFixed(dec))
	}
}

// valPagosTotales checks Totales: each value is round(Σ amount × TipoCambioP)
// at 2 decimals, present exactly when its group exists (guía, nodo Totales).
func valPagosTotales(v *valCtx, p *Pagos) {
	var sums [totalsCount]decimal.Decimal
	var seen [totalsCount]bool
	put := func(i int, s string, tc decimal.Decimal) {
		x, _ := v.amount(s)
		sums[i], seen[i] = sums[i].Add(x.Mul(tc)), true
	}
	for i := range p.Pago {
		pg := &p.Pago[i]
		tc, ok := v.amount(pg.TipoCambioP)
		if !ok {
			tc = decimal.NewFromInt(1)
		}
		put(totalsMonto, pg.Monto, tc)
		if pg.ImpuestosP == nil {
			continue
		}
		for _, r := range pg.ImpuestosP.RetencionesP {
			if i, ok := map[string]int{ImpuestoIVA: totalsRetIVA, ImpuestoISR: totalsRetISR, ImpuestoIEPS: totalsRetIEPS}[r.ImpuestoP]; ok {
				put(i, r.ImporteP, tc)
			}
		}
		for _, t := range pg.ImpuestosP.TrasladosP {
			base, imp, ok := valTotalsIndex(t)
			if !ok {
				continue
			}
			put(base, t.BaseP, tc)
			if imp >= 0 {
				put(imp, t.ImporteP, tc)
			}
		}
	}
	t := &p.Totales
	written := [totalsCount]*string{&t.TotalRetencionesIVA, &t.TotalRetencionesISR, &t.TotalRetencionesIEPS,
		&t.TotalTrasladosBaseIVA16, &t.TotalTrasladosImpuestoIVA16, &t.TotalTrasladosBaseIVA8, &t.TotalTrasladosImpuestoIVA8,
		&t.TotalTrasladosBaseIVA0, &t.TotalTrasladosImpuestoIVA0, &t.TotalTrasladosBaseIVAExento, &t.MontoTotalPagos}
	for i, w := range written {
		path := "Complemento.Pagos.Totales." + valTotalsNames[i]
		switch {
		case !seen[i] && *w != "":
			v.add(CodePagosTotales, path, "must be absent: no Pago has that group")
		case seen[i] && *w == "":
			v.add(CodePagosTotales, path, "is required: %s", sums[i].Round(2).StringFixed(2))
		case seen[i]:
			if x, ok := v.amount(*w); !ok || !x.Equal(sums[i].Round(2)) || calcDecimals(*w) > 2 {
				v.add(CodePagosTotales, path, "%s is not the rounded sum of the Pago amounts times TipoCambioP, %s", *w, sums[i].Round(2).StringFixed(2))
			}
		}
	}
}

// Indexes of the Totales attributes, in the order of PagosTotales.
const (
	totalsRetIVA = iota
	totalsRetISR
	totalsRetIEPS
	totalsBaseIVA16
	totalsImpIVA16
	totalsBaseIVA8
	totalsImpIVA8
	totalsBaseIVA0
	totalsImpIVA0
	totalsBaseExento
	totalsMonto
	totalsCount
)

var valTotalsNames = [totalsCount]string{"TotalRetencionesIVA", "TotalRetencionesISR", "TotalRetencionesIEPS",
	"TotalTrasladosBaseIVA16", "TotalTrasladosImpuestoIVA16", "TotalTrasladosBaseIVA8", "TotalTrasladosImpuestoIVA8",
	"TotalTrasladosBaseIVA0", "TotalTrasladosImpuestoIVA0", "TotalTrasladosBaseIVAExento", "MontoTotalPagos"}

// valTotalsIndex maps an IVA TrasladoP to its Totales base and amount
// indexes (amount −1 for Exento); other transfers have no total.
func valTotalsIndex(t ImpuestoP) (base, imp int, ok bool) {
	if t.ImpuestoP != ImpuestoIVA {
		return 0, 0, false
	}
	if t.TipoFactorP == FactorExento {
		return totalsBaseExento, -1, true
	}
	switch valTrasKey(t.ImpuestoP, t.TipoFactorP, t.TasaOCuotaP) {
	case valTrasKey(ImpuestoIVA, FactorTasa, "0.160000"):
		return totalsBaseIVA16, totalsImpIVA16, true
	case valTrasKey(ImpuestoIVA, FactorTasa, "0.080000"):
		return totalsBaseIVA8, totalsImpIVA8, true
	case valTrasKey(ImpuestoIVA, FactorTasa, "0.000000"):
		return totalsBaseIVA0, totalsImpIVA0, true
	}
	return 0, 0, false
}
