package cfdi

import (
	"time"

	"github.com/sello-mx/sello/sat"
	"github.com/shopspring/decimal"
)

// valUsable reports whether a catalog row may be used in a document dated
// fecha. Rows whose validity starts on 2022-01-01 (the start of CFDI 4.0)
// are taken as always valid, so that test documents dated earlier still
// check; later additions (ObjetoImp 05–08, new codes) and expired rows are
// judged at Fecha.
func valUsable(e sat.Entry, fecha string) bool {
	if len(fecha) < 10 {
		return true // Fecha itself is reported by CFDI40101
	}
	d := fecha[:10]
	if e.To != "" && d > e.To {
		return false
	}
	return e.From <= "2022-01-01" || d >= e.From
}

// inCatalog reports whether code is a usable row of a built-in catalog.
func (v *valCtx) inCatalog(cat sat.Catalog, code string) bool {
	e, ok := sat.Lookup(cat, code)
	return ok && valUsable(e, v.c.Fecha)
}

// valCatalog reports code (when present) if it is not in the catalog.
func (v *valCtx) catalog(code, path, value string, cat sat.Catalog) {
	if value != "" && !v.inCatalog(cat, value) {
		v.add(code, path, "%q is not in %s", value, cat)
	}
}

// valFecha is CFDI40101: YYYY-MM-DDThh:mm:ss, year 2010–2099, a real date,
// no fraction and no zone.
func valFecha(v *valCtx) {
	if v.c.Fecha != "" && !valFechaOK(v.c.Fecha) {
		v.add("CFDI40101", "Fecha", "%q does not match YYYY-MM-DDThh:mm:ss (year 2010–2099, local time, no zone)", v.c.Fecha)
	}
}

// valFechaWindow is the PACs' rule 401: Fecha, local time at
// LugarExpedicion, neither after Now nor more than 72 hours before it.
func valFechaWindow(v *valCtx) {
	if v.opts.Now.IsZero() || !valFechaOK(v.c.Fecha) {
		return
	}
	loc := v.opts.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation("America/Mexico_City"); err != nil {
			loc = time.FixedZone("CST", -6*3600)
		}
	}
	f, err := time.ParseInLocation("2006-01-02T15:04:05", v.c.Fecha, loc)
	if err != nil {
		return
	}
	switch {
	case f.After(v.opts.Now):
		v.add("PAC401", "Fecha", "%s is in the future at %s", v.c.Fecha, loc)
	case v.opts.Now.Sub(f) > 72*time.Hour:
		v.add("PAC401", "Fecha", "%s is more than 72 hours before stamping", v.c.Fecha)
	}
}

func valFechaOK(s string) bool {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	if s[:2] != "20" || s[2] == '0' {
		return false
	}
	_, err := time.Parse("2006-01-02T15:04:05", s)
	return err == nil
}

// valFormaPago is CFDI40103 (no FormaPago on T, N, P), CFDI40104 (catalog)
// and CFDI40105 (PPD ⇒ 99). The guía de llenado says an I or E must carry
// FormaPago ("se debe registrar"), so its absence is reported too: as
// CFDI40105 with PPD, CFDI40104 otherwise. (PACs have stamped PPD invoices
// without it, e.g. the satcfdi samples.)
func valFormaPago(v *valCtx) {
	c := v.c
	if c.FormaPago == "" {
		switch {
		case c.TipoDeComprobante != "I" && c.TipoDeComprobante != "E":
		case c.MetodoPago == "PPD":
			v.add("CFDI40105", "FormaPago", "is required, 99 (Por definir), when MetodoPago is PPD")
		default:
			v.add("CFDI40104", "FormaPago", "is required for TipoDeComprobante %s", c.TipoDeComprobante)
		}
		return
	}
	switch c.TipoDeComprobante {
	case "T", "N", "P":
		v.add("CFDI40103", "FormaPago", "must be absent for TipoDeComprobante %s", c.TipoDeComprobante)
	}
	f, ok := sat.LookupFormaPago(c.FormaPago)
	if !ok || !valUsable(f.Entry, c.Fecha) {
		v.add("CFDI40104", "FormaPago", "%q is not in c_FormaPago", c.FormaPago)
	}
	if c.MetodoPago == "PPD" && c.FormaPago != "99" {
		v.add("CFDI40105", "FormaPago", "must be 99 (Por definir) when MetodoPago is PPD, got %q", c.FormaPago)
	}
}

// valMetodoPago is CFDI40124 (catalog) and CFDI40125 (absent for T and P).
func valMetodoPago(v *valCtx) {
	c := v.c
	if c.MetodoPago == "" {
		return
	}
	v.catalog("CFDI40124", "MetodoPago", c.MetodoPago, sat.MetodoPago)
	if c.TipoDeComprobante == "T" || c.TipoDeComprobante == "P" {
		v.add("CFDI40125", "MetodoPago", "must be absent for TipoDeComprobante %s", c.TipoDeComprobante)
	}
}

// valCatalogsHeader is CFDI40121 (TipoDeComprobante) and CFDI40123
// (Exportacion).
func valCatalogsHeader(v *valCtx) {
	v.catalog("CFDI40121", "TipoDeComprobante", v.c.TipoDeComprobante, sat.TipoDeComprobanteCatalog)
	v.catalog("CFDI40123", "Exportacion", v.c.Exportacion, sat.Exportacion)
}

// valLugarExpedicion is CFDI40126: a c_CodigoPostal code (its shape until the
// catalog is imported).
func valLugarExpedicion(v *valCtx) {
	if p := v.c.LugarExpedicion; p != "" && !sat.CheckCode(v.opts.CodigoPostal, p, sat.ValidCodigoPostalShape) {
		v.add("CFDI40126", "LugarExpedicion", "%q is not in c_CodigoPostal", p)
	}
}

// valMoneda is CFDI40113.
func valMoneda(v *valCtx) {
	v.catalog("CFDI40113", "Moneda", v.c.Moneda, sat.MonedaCatalog)
}

// valTipoCambio is CFDI40114–40117 and CFDI40118 (a TipoCambio outside the
// c_Moneda variation around the reference rate needs a Confirmacion, which
// Sello does not obtain, so it is refused).
func valTipoCambio(v *valCtx) {
	c := v.c
	tc := c.TipoCambio
	switch {
	case c.Moneda == "XXX" && tc != "":
		v.add("CFDI40116", "TipoCambio", "must be absent when Moneda is XXX")
		return
	case c.Moneda != "MXN" && c.Moneda != "XXX" && tc == "":
		v.add("CFDI40115", "TipoCambio", "is required when Moneda is %s", c.Moneda)
		return
	case tc == "":
		return
	}
	if !calcAmountShape(tc) {
		v.add("CFDI40117", "TipoCambio", "%q does not match [0-9]{1,18}(.[0-9]{1,6})?", tc)
		return
	}
	rate := decimal.RequireFromString(tc)
	if c.Moneda == "MXN" && !rate.Equal(decimal.NewFromInt(1)) {
		v.add("CFDI40114", "TipoCambio", "must be 1 when Moneda is MXN, got %q", tc)
	}
	if !rate.IsPositive() {
		v.add("XSD", "TipoCambio", "must be greater than 0")
	}
	valVariation(v, rate)
}

// valVariation is CFDI40118 against ValidateOptions.ReferenceRates.
func valVariation(v *valCtx, rate decimal.Decimal) {
	ref, ok := v.opts.ReferenceRates[v.c.Moneda]
	m, found := sat.LookupMoneda(v.c.Moneda)
	if !ok || !found || !ref.IsPositive() || m.Variation == "" {
		return
	}
	pct, err := decimal.NewFromString(m.Variation)
	if err != nil {
		return
	}
	limit := ref.Mul(pct).Div(decimal.NewFromInt(100))
	if rate.Sub(ref).Abs().GreaterThan(limit) {
		v.add("CFDI40118", "TipoCambio", "%s is more than %s%% away from the reference rate %s; Sello does not obtain a Confirmacion", rate, m.Variation, ref)
	}
}

// valConfirmacion is CFDI40120 (Total above the type's valor_maximo needs a
// Confirmacion, which Sello refuses) and CFDI40127 (a Confirmacion without
// an out-of-range value).
func valConfirmacion(v *valCtx) {
	c := v.c
	out := false
	if t, ok := sat.LookupTipoDeComprobante(c.TipoDeComprobante); ok && t.MaxValue != "" {
		total, okT := v.amount(c.Total)
		limit, err := decimal.NewFromString(t.MaxValue)
		if okT && err == nil && total.GreaterThan(limit) {
			v.add("CFDI40120", "Total", "%s is above %s, the limit for TipoDeComprobante %s; Sello does not obtain a Confirmacion", c.Total, t.MaxValue, c.TipoDeComprobante)
			out = true
		}
	}
	for _, p := range v.problems {
		if p.Code == "CFDI40118" {
			out = true
		}
	}
	if c.Confirmacion != "" && !out {
		v.add("CFDI40127", "Confirmacion", "must be absent when TipoCambio and Total are within range")
	}
}

// valExportacion is CFDI40122 (02 needs Comercio Exterior) and CFDI40222
// (01 and 03 forbid it).
func valExportacion(v *valCtx) {
	cce := false
	for _, ns := range v.c.Complemento.Unknown {
		if valIsComercioExterior(ns) {
			cce = true
		}
	}
	switch v.c.Exportacion {
	case "02":
		if !cce {
			v.add("CFDI40122", "Exportacion", "02 requires the Comercio Exterior complement, which Sello does not issue")
		}
	case "01", "03":
		if cce {
			v.add("CFDI40222", "Exportacion", "the Comercio Exterior complement must be absent when Exportacion is %s", v.c.Exportacion)
		}
	}
}

func valIsComercioExterior(ns string) bool {
	const prefix = "http://www.sat.gob.mx/ComercioExterior"
	return len(ns) >= len(prefix) && ns[:len(prefix)] == prefix
}

// valRelacionados is CFDI40137.
func valRelacionados(v *valCtx) {
	for i, r := range v.c.CfdiRelacionados {
		v.catalog("CFDI40137", valIdx("CfdiRelacionados", i)+".TipoRelacion", r.TipoRelacion, sat.TipoRelacion)
	}
}
