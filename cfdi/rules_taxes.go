package cfdi

import (
	"github.com/sello-mx/sello/sat"
)

// valTraslado is the concept-transfer rules: CFDI40174 (Base > 0), 40175
// (Impuesto), 40176 (TipoFactor), 40177 (Exento has no TasaOCuota or
// Importe), 40178 (Tasa and Cuota have both), 40179 (TasaOCuota in
// c_TasaOCuota) and 40180 (Importe within the limits).
func valTraslado(v *valCtx, t Traslado, path string) {
	if b, ok := v.amount(t.Base); ok && !b.IsPositive() {
		v.add("CFDI40174", path+".Base", "must be greater than 0")
	}
	v.catalog("CFDI40175", path+".Impuesto", t.Impuesto, sat.Impuesto)
	v.catalog("CFDI40176", path+".TipoFactor", t.TipoFactor, sat.TipoFactor)
	switch t.TipoFactor {
	case FactorExento:
		if t.TasaOCuota != "" || t.Importe != "" {
			v.add("CFDI40177", path+".TipoFactor", "Exento must have no TasaOCuota or Importe")
		}
		return
	case FactorTasa, FactorCuota:
		if t.TasaOCuota == "" || t.Importe == "" {
			v.add("CFDI40178", path+".TipoFactor", "%s requires TasaOCuota and Importe", t.TipoFactor)
			return
		}
	default:
		return
	}
	if !sat.TasaOCuotaAllowed(t.Impuesto, t.TipoFactor, t.TasaOCuota, true) {
		v.add("CFDI40179", path+".TasaOCuota", "%s is not a c_TasaOCuota transfer value for %s %s", t.TasaOCuota, t.Impuesto, t.TipoFactor)
	}
	valTaxImporte(v, "CFDI40180", path, t.Base, t.TasaOCuota, t.Importe)
}

// valTaxImporte reports a tax Importe outside the limits of Base × TasaOCuota.
func valTaxImporte(v *valCtx, code, path, base, rate, importe string) {
	imp, ok := v.amount(importe)
	b, okB := v.amount(base)
	r, okR := v.amount(rate)
	if !ok || !okB || !okR || valExact(b, r, imp, importe) {
		return
	}
	lo, hi := valTaxLimits(base, rate, calcDecimals(importe))
	if imp.LessThan(lo) || imp.GreaterThan(hi) {
		v.add(code, path+".Importe", "%s is outside the limits %s–%s of Base × TasaOCuota", importe, lo, hi)
	}
}

// valRetencion is the concept-retention rules: CFDI40181 (Base > 0), 40182
// (Impuesto), 40183 (TipoFactor), 40184 (never Exento), 40185 (TasaOCuota in
// c_TasaOCuota) and 40186 (Importe within the limits).
func valRetencion(v *valCtx, r Retencion, path string) {
	if b, ok := v.amount(r.Base); ok && !b.IsPositive() {
		v.add("CFDI40181", path+".Base", "must be greater than 0")
	}
	v.catalog("CFDI40182", path+".Impuesto", r.Impuesto, sat.Impuesto)
	v.catalog("CFDI40183", path+".TipoFactor", r.TipoFactor, sat.TipoFactor)
	if r.TipoFactor == FactorExento {
		v.add("CFDI40184", path+".TipoFactor", "a retention cannot be Exento")
		return
	}
	if r.TasaOCuota == "" || r.Importe == "" {
		return // reported as missing
	}
	if !sat.TasaOCuotaAllowed(r.Impuesto, r.TipoFactor, r.TasaOCuota, false) {
		v.add("CFDI40185", path+".TasaOCuota", "%s is not a c_TasaOCuota retention value for %s %s", r.TasaOCuota, r.Impuesto, r.TipoFactor)
	}
	valTaxImporte(v, "CFDI40186", path, r.Base, r.TasaOCuota, r.Importe)
}

// valTerceros is the third-party rules that need no registry: the RFC
// check, CFDI40188 (not the Emisor's or Receptor's RFC), CFDI40191
// (régimen in the catalog) and, for the foreign intermediary RFC
// EXT990101NI1, CFDI140223 (régimen 616), CFDI40189 (the fixed name) and
// CFDI40193 (LugarExpedicion as its postal code).
func valTerceros(v *valCtx, k *Concepto, path string) {
	a := k.ACuentaTerceros
	if a == nil {
		return
	}
	p := path + ".ACuentaTerceros"
	if a.RfcACuentaTerceros != valRfcTercerosExt {
		v.rfc(p+".RfcACuentaTerceros", a.RfcACuentaTerceros, false)
	}
	if a.RfcACuentaTerceros != "" && (a.RfcACuentaTerceros == v.c.Emisor.Rfc || a.RfcACuentaTerceros == v.c.Receptor.Rfc) {
		v.add("CFDI40188", p+".RfcACuentaTerceros", "must differ from the Emisor and Receptor RFCs")
	}
	v.catalog("CFDI40191", p+".RegimenFiscalACuentaTerceros", a.RegimenFiscalACuentaTerceros, sat.RegimenFiscal)
	if a.RfcACuentaTerceros != valRfcTercerosExt {
		return
	}
	if a.RegimenFiscalACuentaTerceros != "616" {
		v.add("CFDI140223", p+".RegimenFiscalACuentaTerceros", "must be 616 when RfcACuentaTerceros is EXT990101NI1")
	}
	if a.NombreACuentaTerceros != valNombreTercerosExt {
		v.add("CFDI40189", p+".NombreACuentaTerceros", "must be %q when RfcACuentaTerceros is EXT990101NI1", valNombreTercerosExt)
	}
	if a.DomicilioFiscalACuentaTerceros != v.c.LugarExpedicion {
		v.add("CFDI40193", p+".DomicilioFiscalACuentaTerceros", "must equal LugarExpedicion when RfcACuentaTerceros is EXT990101NI1")
	}
}

// valNombreTercerosExt is the NombreACuentaTerceros of EXT990101NI1 (CFDI40189).
const valNombreTercerosExt = "EXPEDICIÓN DE CFDI POR RESIDENTES EN MÉXICO QUE PRESTAN SERVICIOS DE INTERMEDIACIÓN ENTRE TERCEROS A OFERENTES DE BIENES Y SERVICIOS RESIDENTES EN EL EXTRANJERO"

// valParte is CFDI40196 (ClaveProdServ), CFDI40197 (ValorUnitario > 0) and
// CFDI40198 (Importe within the limits).
func valParte(v *valCtx, p *Parte, path string) {
	if p.ClaveProdServ != "" && !sat.CheckCode(v.opts.ClaveProdServ, p.ClaveProdServ, sat.ValidClaveProdServShape) {
		v.add("CFDI40196", path+".ClaveProdServ", "%q is not in c_ClaveProdServ", p.ClaveProdServ)
	}
	valor, okV := v.amount(p.ValorUnitario)
	if okV && !valor.IsPositive() {
		v.add("CFDI40197", path+".ValorUnitario", "must be greater than 0")
	}
	importe, okI := v.amount(p.Importe)
	if _, okC := v.amount(p.Cantidad); okC && okV && okI {
		lo, hi := valLimits(p.Cantidad, p.ValorUnitario, calcDecimals(p.Importe))
		if importe.LessThan(lo) || importe.GreaterThan(hi) {
			v.add("CFDI40198", path+".Importe", "%s is outside the limits %s–%s of Cantidad × ValorUnitario", p.Importe, lo, hi)
		}
	}
}
