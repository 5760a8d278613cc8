package pdf

import (
	"strconv"
	"strings"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/sat"
)

// docCols are the columns of the documents a payment settles.
var docCols = []column{
	{"Id documento (UUID)", 60, "L"},
	{"Serie y folio", 18, "L"},
	{"Moneda\nEquiv.", 15, "L"},
	{"Parcia-\nlidad", 10, "R"},
	{"Saldo anterior", 20, "R"},
	{"Importe pagado", 20, "R"},
	{"Saldo insoluto", 20, "R"},
	{"Objeto de impuesto", contentW - 163, "L"},
}

// payments prints the Pagos 2.0 complement: its MXN totals, then each
// payment with its bank data, its taxes and the documents it pays.
func (r *renderer) payments() {
	p := r.c.Complemento.Pagos
	if p == nil {
		return
	}
	r.section("Complemento para recepción de pagos " + p.Version)
	t := p.Totales
	r.columns(present(
		pair{"Monto total de pagos", t.MontoTotalPagos},
		pair{"Ret. IVA", t.TotalRetencionesIVA},
		pair{"Ret. ISR", t.TotalRetencionesISR},
		pair{"Ret. IEPS", t.TotalRetencionesIEPS},
	), present(
		pair{"Base IVA 16%", t.TotalTrasladosBaseIVA16},
		pair{"IVA 16%", t.TotalTrasladosImpuestoIVA16},
		pair{"Base IVA 8%", t.TotalTrasladosBaseIVA8},
		pair{"IVA 8%", t.TotalTrasladosImpuestoIVA8},
		pair{"Base IVA 0%", t.TotalTrasladosBaseIVA0},
		pair{"IVA 0%", t.TotalTrasladosImpuestoIVA0},
		pair{"Base IVA exento", t.TotalTrasladosBaseIVAExento},
	))
	if t.MontoTotalPagos != "" {
		r.need(3 * lineH)
		y := r.amountInWords(t.MontoTotalPagos, "MXN", r.f.GetY())
		r.f.SetXY(margin, y+1)
	}
	for i := range p.Pago {
		r.pago(i+1, &p.Pago[i])
	}
}

// pago prints one payment.
func (r *renderer) pago(n int, p *cfdi.Pago) {
	r.subsection("Pago " + strconv.Itoa(n))
	r.columns(present(
		pair{"Fecha de pago", p.FechaPago},
		pair{"Forma de pago", coded(sat.FormaPagoCatalog, p.FormaDePagoP)},
		pair{"Moneda", coded(sat.MonedaCatalog, p.MonedaP)},
		pair{"Tipo de cambio", p.TipoCambioP},
		pair{"Monto", p.Monto},
		pair{"Núm. operación", p.NumOperacion},
	), present(
		pair{"RFC banco ordenante", p.RfcEmisorCtaOrd},
		pair{"Banco ordenante", p.NomBancoOrdExt},
		pair{"Cuenta ordenante", p.CtaOrdenante},
		pair{"RFC banco beneficiario", p.RfcEmisorCtaBen},
		pair{"Cuenta beneficiaria", p.CtaBeneficiario},
		pair{"Tipo de cadena de pago", coded(sat.TipoCadenaPago, p.TipoCadPago)},
	))
	r.rows(present(
		pair{"Certificado de pago", p.CertPago},
		pair{"Cadena de pago", p.CadPago},
		pair{"Sello de pago", p.SelloPago},
		pair{"Impuestos del pago", impuestosP(p.ImpuestosP)},
	))
	if len(p.DoctoRelacionado) == 0 {
		return
	}
	r.tableHeader(docCols)
	for i := range p.DoctoRelacionado {
		d := &p.DoctoRelacionado[i]
		cells := []string{d.IdDocumento, serieFolioOrEmpty(d.Serie, d.Folio),
			joinNonEmpty("\n", d.MonedaDR, d.EquivalenciaDR), d.NumParcialidad,
			d.ImpSaldoAnt, d.ImpPagado, d.ImpSaldoInsoluto, coded(sat.ObjetoImp, d.ObjetoImpDR)}
		r.tableRow(docCols, cells, docTaxes(d), i%2 == 1)
	}
	r.f.Ln(1)
}

// subsection prints a title in bold in the brand color.
func (r *renderer) subsection(title string) {
	r.need(12)
	r.f.Ln(1)
	r.font("B", 8)
	r.f.SetTextColor(r.brand.r, r.brand.g, r.brand.b)
	r.f.CellFormat(contentW, 4.5, r.tr(title), "B", 1, "L", false, 0, "")
	r.f.SetTextColor(0, 0, 0)
	r.f.Ln(0.8)
}

// serieFolioOrEmpty is serieFolio, or "" when both are absent.
func serieFolioOrEmpty(serie, folio string) string {
	if serie == "" && folio == "" {
		return ""
	}
	return serieFolio(serie, folio)
}

// docTaxes describes the taxes of a related document.
func docTaxes(d *cfdi.DoctoRelacionado) string {
	var parts []string
	for _, t := range d.TrasladosDR {
		parts = append(parts, "Traslado "+taxRate(t.ImpuestoDR, t.TipoFactorDR, t.TasaOCuotaDR)+
			" base "+t.BaseDR+prefixed(" importe ", t.ImporteDR))
	}
	for _, t := range d.RetencionesDR {
		parts = append(parts, "Retención "+taxRate(t.ImpuestoDR, t.TipoFactorDR, t.TasaOCuotaDR)+
			" base "+t.BaseDR+prefixed(" importe ", t.ImporteDR))
	}
	return strings.Join(parts, " · ")
}

// impuestosP describes the taxes of a payment.
func impuestosP(im *cfdi.ImpuestosP) string {
	if im == nil {
		return ""
	}
	var parts []string
	for _, t := range im.TrasladosP {
		parts = append(parts, "Traslado "+taxRate(t.ImpuestoP, t.TipoFactorP, t.TasaOCuotaP)+
			" base "+t.BaseP+prefixed(" importe ", t.ImporteP))
	}
	for _, t := range im.RetencionesP {
		parts = append(parts, "Retención "+taxName(t.ImpuestoP)+" importe "+t.ImporteP)
	}
	return strings.Join(parts, " · ")
}
