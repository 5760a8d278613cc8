package pdf

import (
	"strconv"

	"github.com/sello-mx/sello/cfdi"
)

// pageHeader runs at the start of every page: the watermark first, so that
// the content prints over it, then on later pages a line naming the
// document.
func (r *renderer) pageHeader() {
	r.watermark()
	if r.f.PageNo() == 1 {
		return
	}
	r.font("", 7)
	r.f.SetTextColor(110, 110, 110)
	line := r.c.Emisor.Nombre + " · " + r.c.Emisor.Rfc + " · " + serieFolio(r.c.Serie, r.c.Folio)
	if t := r.c.Complemento.TFD; t != nil && t.UUID != "" {
		line += " · Folio fiscal " + t.UUID
	}
	r.f.CellFormat(contentW, 4, r.tr(line), "B", 1, "L", false, 0, "")
	r.f.SetTextColor(0, 0, 0)
	r.f.Ln(2)
}

// pageFooter prints the legend and the page number on every page.
func (r *renderer) pageFooter() {
	r.f.SetY(-14)
	r.f.SetDrawColor(r.brand.r, r.brand.g, r.brand.b)
	r.f.Line(margin, r.f.GetY(), pageW-margin, r.f.GetY())
	r.font("", 7)
	r.f.SetTextColor(60, 60, 60)
	r.f.CellFormat(contentW*0.75, 5, r.tr(Legend+" versión "+version(r.c)), "", 0, "L", false, 0, "")
	r.f.CellFormat(contentW*0.25, 5, r.tr(fmtPage(r.f.PageNo())), "", 0, "R", false, 0, "")
	r.f.SetTextColor(0, 0, 0)
}

// version is the CFDI version printed in the legend.
func version(c *cfdi.Comprobante) string {
	if c.Version == "" {
		return "4.0"
	}
	return c.Version
}

// fmtPage is "Página n de {nb}"; fpdf replaces {nb} with the page count.
func fmtPage(n int) string { return "Página " + strconv.Itoa(n) + " de {nb}" }

// watermark prints Options.Watermark diagonally across the page in light
// grey.
func (r *renderer) watermark() {
	text := r.opt.Watermark
	if text == "" {
		return
	}
	r.font("B", 54)
	r.f.SetTextColor(228, 228, 228)
	s := r.tr(text)
	w := r.f.GetStringWidth(s)
	cx, cy := pageW/2, 279.4/2
	r.f.TransformBegin()
	r.f.TransformRotate(50, cx, cy)
	r.f.Text(cx-w/2, cy+6, s)
	r.f.TransformEnd()
	r.f.SetTextColor(0, 0, 0)
}
