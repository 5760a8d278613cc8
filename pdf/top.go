package pdf

import (
	"strings"

	"github.com/sello-mx/sello/sat"
)

// Geometry of the first page's top: the issuer on the left (under the
// logo), the document's box on the right.
const (
	logoW = 50.0
	logoH = 18.0
	boxX  = 110.0
	boxW  = pageW - margin - boxX
)

// top prints the issuer and the document's identification box.
func (r *renderer) top() {
	y0 := r.f.GetY()
	x, y := margin, y0
	if r.hasLogo() {
		r.drawLogo(margin, y0)
		y += logoH + 2
	}
	w := boxX - 4 - x
	e := r.c.Emisor
	r.font("B", 11)
	for _, l := range r.wrap(e.Nombre, w) {
		r.f.SetXY(x, y)
		r.f.CellFormat(w, 5, l, "", 0, "L", false, 0, "")
		y += 5
	}
	y = r.pairs(present(
		pair{"RFC emisor", e.Rfc},
		pair{"Régimen fiscal", coded(sat.RegimenFiscal, e.RegimenFiscal)},
		pair{"Lugar de expedición", r.c.LugarExpedicion},
		pair{"Fac. atr. adquirente", e.FacAtrAdquirente},
	), x, y+1, w, 25)
	yb := r.box(y0)
	r.f.SetXY(margin, max(y, yb)+1)
}

// box prints the document's identification: type, serie and folio, dates,
// folio fiscal and certificate numbers. It returns the y below it.
func (r *renderer) box(y float64) float64 {
	c := r.c
	r.f.SetXY(boxX, y)
	r.f.SetFillColor(r.brand.r, r.brand.g, r.brand.b)
	r.f.SetTextColor(255, 255, 255)
	r.font("B", 10)
	kind := strings.ToUpper(sat.Description(sat.TipoDeComprobanteCatalog, c.TipoDeComprobante))
	if kind == "" {
		kind = c.TipoDeComprobante
	}
	r.f.CellFormat(boxW, 6, r.tr("CFDI "+version(c)+" · "+kind), "", 0, "C", true, 0, "")
	r.f.SetTextColor(0, 0, 0)
	uuid, certSAT, fechaT := "Sin timbrar", "", ""
	if t := c.Complemento.TFD; t != nil {
		uuid, certSAT, fechaT = t.UUID, t.NoCertificadoSAT, t.FechaTimbrado
	}
	end := r.pairs(present(
		pair{"Tipo de comprobante", coded(sat.TipoDeComprobanteCatalog, c.TipoDeComprobante)},
		pair{"Serie y folio", serieFolio(c.Serie, c.Folio)},
		pair{"Folio fiscal (UUID)", uuid},
		pair{"Fecha de emisión", c.Fecha},
		pair{"Fecha de certificación", fechaT},
		pair{"No. certificado emisor", c.NoCertificado},
		pair{"No. certificado SAT", certSAT},
		pair{"Exportación", coded(sat.Exportacion, c.Exportacion)},
	), boxX+1.5, y+7, boxW-1.5, 29)
	r.f.SetDrawColor(r.brand.r, r.brand.g, r.brand.b)
	r.f.Rect(boxX, y, boxW, end-y+1, "D")
	return end + 1
}

// receptor prints the recipient.
func (r *renderer) receptor() {
	re := r.c.Receptor
	r.section("Receptor")
	r.columns(present(
		pair{"RFC receptor", re.Rfc},
		pair{"Nombre", re.Nombre},
		pair{"Régimen fiscal", coded(sat.RegimenFiscal, re.RegimenFiscalReceptor)},
	), present(
		pair{"Domicilio fiscal (C.P.)", re.DomicilioFiscalReceptor},
		pair{"Uso del CFDI", coded(sat.UsoCFDI, re.UsoCFDI)},
		pair{"Residencia fiscal", coded(sat.Pais, re.ResidenciaFiscal)},
		pair{"NumRegIdTrib", re.NumRegIdTrib},
	))
}

// details prints the payment terms, currency, the global invoice's period
// and the related CFDI.
func (r *renderer) details() {
	c := r.c
	left := present(
		pair{"Moneda", coded(sat.MonedaCatalog, c.Moneda)},
		pair{"Tipo de cambio", c.TipoCambio},
		pair{"Condiciones de pago", c.CondicionesDePago},
		pair{"Confirmación", c.Confirmacion},
	)
	right := present(
		pair{"Forma de pago", coded(sat.FormaPagoCatalog, c.FormaPago)},
		pair{"Método de pago", coded(sat.MetodoPago, c.MetodoPago)},
	)
	if g := c.InformacionGlobal; g != nil {
		right = append(right, present(
			pair{"Periodicidad", coded(sat.Periodicidad, g.Periodicidad)},
			pair{"Meses", coded(sat.Meses, g.Meses)},
			pair{"Año", g.Año},
		)...)
	}
	r.section("Datos del comprobante")
	r.columns(left, right)
	if len(c.CfdiRelacionados) == 0 {
		return
	}
	r.section("CFDI relacionados")
	var ps []pair
	for _, rel := range c.CfdiRelacionados {
		ps = append(ps, pair{"Tipo de relación", coded(sat.TipoRelacion, rel.TipoRelacion)},
			pair{"UUID relacionados", strings.Join(rel.UUIDs, "  ")})
	}
	r.rows(ps)
}
