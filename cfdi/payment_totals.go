package cfdi

import (
	"github.com/shopspring/decimal"
)

// pagoTax is one group of a Pago's ImpuestosP while it is being summed.
type pagoTax struct {
	impuesto, factor, rate string
	base, importe          decimal.Decimal
}

// pagoTaxes groups the DR taxes of one Pago, converted to MonedaP:
// withholdings by impuesto, transfers by impuesto, factor and rate (guía,
// nodos RetencionP y TrasladoP).
type pagoTaxes struct {
	ret, tras []pagoTax
}

// add adds the taxes of a DoctoRelacionado, each divided by EquivalenciaDR.
func (t *pagoTaxes) add(dr *DoctoRelacionado, eq decimal.Decimal) {
	conv := func(s string) decimal.Decimal {
		if s == "" {
			return decimal.Zero
		}
		return decimal.RequireFromString(s).DivRound(eq, 20)
	}
	for _, r := range dr.RetencionesDR {
		t.ret = addPagoTax(t.ret, pagoTax{impuesto: r.ImpuestoDR}, conv(r.BaseDR), conv(r.ImporteDR))
	}
	for _, r := range dr.TrasladosDR {
		key := pagoTax{impuesto: r.ImpuestoDR, factor: r.TipoFactorDR, rate: r.TasaOCuotaDR}
		t.tras = addPagoTax(t.tras, key, conv(r.BaseDR), conv(r.ImporteDR))
	}
}

func addPagoTax(list []pagoTax, key pagoTax, base, importe decimal.Decimal) []pagoTax {
	for i := range list {
		g := &list[i]
		if g.impuesto == key.impuesto && g.factor == key.factor && g.rate == key.rate {
			g.base, g.importe = g.base.Add(base), g.importe.Add(importe)
			return list
		}
	}
	key.base, key.importe = base, importe
	return append(list, key)
}

// impuestosP writes the groups rounded once to MonedaP's decimals, or nil
// when no document carries taxes.
func (t *pagoTaxes) impuestosP(dec int32) *ImpuestosP {
	if len(t.ret) == 0 && len(t.tras) == 0 {
		return nil
	}
	p := &ImpuestosP{}
	for _, g := range t.ret {
		p.RetencionesP = append(p.RetencionesP, ImpuestoP{ImpuestoP: g.impuesto, ImporteP: g.importe.Round(dec).StringFixed(dec)})
	}
	for _, g := range t.tras {
		x := ImpuestoP{BaseP: g.base.Round(dec).StringFixed(dec), ImpuestoP: g.impuesto, TipoFactorP: g.factor}
		if g.factor != FactorExento {
			x.TasaOCuotaP, x.ImporteP = g.rate, g.importe.Round(dec).StringFixed(dec)
		}
		p.TrasladosP = append(p.TrasladosP, x)
	}
	return p
}

// paymentTotals sums the pago20:Totales in MXN: every written Monto, BaseP
// and ImporteP times its Pago's TipoCambioP, rounded once at the end (guía,
// nodo Totales).
type paymentTotals struct {
	sums [totalCount]decimal.Decimal
	seen [totalCount]bool
}

// Indexes of the Totales attributes.
const (
	totRetIVA = iota
	totRetISR
	totRetIEPS
	totBaseIVA16
	totImpIVA16
	totBaseIVA8
	totImpIVA8
	totBaseIVA0
	totImpIVA0
	totBaseExento
	totMonto
	totalCount
)

func (t *paymentTotals) put(i int, v string, tc decimal.Decimal) {
	t.sums[i] = t.sums[i].Add(decimal.RequireFromString(v).Mul(tc))
	t.seen[i] = true
}

// add adds a built Pago.
func (t *paymentTotals) add(p *Pago) error {
	tc, err := decimal.NewFromString(p.TipoCambioP)
	if err != nil {
		return err
	}
	t.put(totMonto, p.Monto, tc)
	if p.ImpuestosP == nil {
		return nil
	}
	retIdx := map[string]int{ImpuestoIVA: totRetIVA, ImpuestoISR: totRetISR, ImpuestoIEPS: totRetIEPS}
	for _, r := range p.ImpuestosP.RetencionesP {
		if i, ok := retIdx[r.ImpuestoP]; ok {
			t.put(i, r.ImporteP, tc)
		}
	}
	for _, r := range p.ImpuestosP.TrasladosP {
		if r.ImpuestoP != ImpuestoIVA {
			continue // IEPS transfers have no total
		}
		switch {
		case r.TipoFactorP == FactorExento:
			t.put(totBaseExento, r.BaseP, tc)
		case r.TasaOCuotaP == "0.160000":
			t.put(totBaseIVA16, r.BaseP, tc)
			t.put(totImpIVA16, r.ImporteP, tc)
		case r.TasaOCuotaP == "0.080000":
			t.put(totBaseIVA8, r.BaseP, tc)
			t.put(totImpIVA8, r.ImporteP, tc)
		case r.TasaOCuotaP == "0.000000":
			t.put(totBaseIVA0, r.BaseP, tc)
			t.put(totImpIVA0, r.ImporteP, tc)
		}
	}
	return nil
}

// totales writes the groups that exist, at 2 decimals.
func (t *paymentTotals) totales() PagosTotales {
	f := func(i int) string {
		if !t.seen[i] {
			return ""
		}
		return t.sums[i].Round(2).StringFixed(2)
	}
	return PagosTotales{
		TotalRetencionesIVA:         f(totRetIVA),
		TotalRetencionesISR:         f(totRetISR),
		TotalRetencionesIEPS:        f(totRetIEPS),
		TotalTrasladosBaseIVA16:     f(totBaseIVA16),
		TotalTrasladosImpuestoIVA16: f(totImpIVA16),
		TotalTrasladosBaseIVA8:      f(totBaseIVA8),
		TotalTrasladosImpuestoIVA8:  f(totImpIVA8),
		TotalTrasladosBaseIVA0:      f(totBaseIVA0),
		TotalTrasladosImpuestoIVA0:  f(totImpIVA0),
		TotalTrasladosBaseIVAExento: f(totBaseExento),
		MontoTotalPagos:             f(totMonto),
	}
}
