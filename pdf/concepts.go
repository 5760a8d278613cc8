package pdf

import (
	"strings"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/sat"
)

// column is a column of a table: its title, width and alignment.
type column struct {
	title string
	w     float64
	align string // "L", "R" or "C"
}

// conceptCols are the columns of the concepts table; they add up to
// contentW.
var conceptCols = []column{
	{"Clave prod./serv.\nNo. identificación", 24, "L"},
	{"Cantidad", 16, "R"},
	{"Clave unidad\nUnidad", 22, "L"},
	{"Descripción", contentW - 130, "L"},
	{"Valor unitario", 22, "R"},
	{"Descuento", 20, "R"},
	{"Importe", 26, "R"},
}

// concepts prints every concept as a table row, followed by a line with its
// tax object, taxes and other data. Rows never split across pages; the
// table's header is repeated on each page.
func (r *renderer) concepts() {
	r.section("Conceptos")
	r.tableHeader(conceptCols)
	for i := range r.c.Conceptos {
		k := &r.c.Conceptos[i]
		cells := []string{
			joinNonEmpty("\n", k.ClaveProdServ, k.NoIdentificacion),
			k.Cantidad,
			joinNonEmpty("\n", k.ClaveUnidad, unidad(k)),
			k.Descripcion,
			k.ValorUnitario,
			k.Descuento,
			k.Importe,
		}
		r.tableRow(conceptCols, cells, conceptDetail(k), i%2 == 1)
	}
	r.f.Ln(1)
}

// conceptDetail is what a concept says beyond its columns: ObjetoImp, each
// transfer and withholding with base and amount, the third party, customs
// and property numbers, and its parts.
func conceptDetail(k *cfdi.Concepto) string {
	parts := []string{"Objeto de impuesto: " + coded(sat.ObjetoImp, k.ObjetoImp)}
	for _, t := range k.Traslados {
		parts = append(parts, "Traslado "+taxRate(t.Impuesto, t.TipoFactor, t.TasaOCuota)+
			" base "+t.Base+prefixed(" importe ", t.Importe))
	}
	for _, t := range k.Retenciones {
		parts = append(parts, "Retención "+taxRate(t.Impuesto, t.TipoFactor, t.TasaOCuota)+
			" base "+t.Base+" importe "+t.Importe)
	}
	if a := k.ACuentaTerceros; a != nil {
		parts = append(parts, "A cuenta de terceros: "+joinNonEmpty(", ", a.RfcACuentaTerceros,
			a.NombreACuentaTerceros, coded(sat.RegimenFiscal, a.RegimenFiscalACuentaTerceros),
			prefixed("C.P. ", a.DomicilioFiscalACuentaTerceros)))
	}
	if len(k.InformacionAduanera) > 0 {
		parts = append(parts, "Pedimento: "+strings.Join(k.InformacionAduanera, ", "))
	}
	if len(k.CuentaPredial) > 0 {
		parts = append(parts, "Cuenta predial: "+strings.Join(k.CuentaPredial, ", "))
	}
	for _, p := range k.Partes {
		parts = append(parts, "Parte: "+joinNonEmpty(" ", p.ClaveProdServ, p.NoIdentificacion,
			p.Cantidad, p.Unidad, p.Descripcion, prefixed("valor unitario ", p.ValorUnitario),
			prefixed("importe ", p.Importe), prefixed("pedimento ", strings.Join(p.InformacionAduanera, ", "))))
	}
	return strings.Join(parts, " · ")
}

// unidad is the concept's Unidad, or the description of its ClaveUnidad
// (c_ClaveUnidad) when it has none.
func unidad(k *cfdi.Concepto) string {
	if k.Unidad != "" {
		return k.Unidad
	}
	return sat.Description(sat.ClaveUnidad, k.ClaveUnidad)
}

// prefixed is prefix+s, or "" when s is empty.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// tableHeader prints the column titles on a light band.
func (r *renderer) tableHeader(cols []column) {
	r.font("B", labelSize)
	h := 0.0
	for _, c := range cols {
		h = max(h, float64(len(r.wrap(c.title, c.w)))*3)
	}
	r.need(h + 8)
	y := r.f.GetY()
	r.f.SetFillColor(235, 237, 240)
	r.f.Rect(margin, y, contentW, h+1, "F")
	x := margin
	for _, c := range cols {
		for i, l := range r.wrap(c.title, c.w) {
			r.f.SetXY(x, y+0.5+float64(i)*3)
			r.f.CellFormat(c.w, 3, l, "", 0, c.align, false, 0, "")
		}
		x += c.w
	}
	r.f.SetXY(margin, y+h+1.5)
}

// tableRow prints one row, with an optional detail line under it spanning
// all but the first column; on a new page (with the header again) when it
// does not fit.
func (r *renderer) tableRow(cols []column, cells []string, detail string, shade bool) {
	r.font("", valueSize)
	wrapped := make([][]string, len(cols))
	lines := 1
	for i, c := range cols {
		wrapped[i] = r.wrap(cells[i], c.w)
		lines = max(lines, len(wrapped[i]))
	}
	detailX := margin + cols[0].w
	r.font("", labelSize)
	detailLines := r.wrap(detail, pageW-margin-detailX)
	h := float64(lines)*lineH + float64(len(detailLines))*3 + 1
	_, pageH := r.f.GetPageSize()
	if r.f.GetY()+h > pageH-bottom {
		r.f.AddPage()
		r.tableHeader(cols)
	}
	y := r.f.GetY()
	if shade {
		r.f.SetFillColor(247, 248, 250)
		r.f.Rect(margin, y, contentW, h, "F")
	}
	r.font("", valueSize)
	x := margin
	for i, c := range cols {
		for j, l := range wrapped[i] {
			r.f.SetXY(x, y+float64(j)*lineH)
			r.f.CellFormat(c.w, lineH, l, "", 0, c.align, false, 0, "")
		}
		x += c.w
	}
	r.font("", labelSize)
	r.f.SetTextColor(70, 70, 70)
	for j, l := range detailLines {
		r.f.SetXY(detailX, y+float64(lines)*lineH+float64(j)*3)
		r.f.CellFormat(pageW-margin-detailX, 3, l, "", 0, "L", false, 0, "")
	}
	r.f.SetTextColor(0, 0, 0)
	r.f.SetXY(margin, y+h)
}
