package pdf

import (
	"bytes"
	"errors"
	"fmt"

	"codeberg.org/go-pdf/fpdf"

	"github.com/sello-mx/sello/cfdi"
)

// Legend is the sentence Anexo 20 (rubro III.B) asks every printed CFDI to
// carry.
const Legend = "Este documento es una representación impresa de un CFDI"

// Page geometry, in millimetres, of a US Letter page, the usual paper in
// Mexico.
const (
	pageW    = 215.9
	margin   = 12.0
	bottom   = 20.0 // room for the footer
	contentW = pageW - 2*margin
)

// renderer draws one Comprobante. It lives for one Render call.
type renderer struct {
	f     *fpdf.Fpdf
	tr    func(string) string // UTF-8 to cp1252
	c     *cfdi.Comprobante
	opt   Options
	brand rgb
}

// Render returns the printed representation of doc as PDF bytes: the
// parties, the document's data with catalog descriptions, every concept
// with its taxes, the totals in figures and in words, the Pagos 2.0
// complement of a type P document, the TimbreFiscalDigital with the seals,
// its cadena original and the QR code, and Legend on every page. A
// document without a TFD prints "sin timbrar" where the stamp would be,
// and without a QR code. The error reports bad Options (color, logo) or a
// failure of the PDF writer.
func Render(doc *cfdi.Comprobante, opt Options) ([]byte, error) {
	if doc == nil {
		return nil, errors.New("pdf: no Comprobante to render")
	}
	brand, err := parseColor(opt.BrandColor)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	r := newRenderer(doc, opt, brand)
	if err := r.logo(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	r.f.AddPage()
	r.top()
	r.receptor()
	r.details()
	r.concepts()
	r.totals()
	r.payments()
	r.notes()
	if err := r.stamp(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := r.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// newRenderer sets up the document: Letter, millimetres, core fonts with
// the cp1252 translator, fixed dates and sorted catalogs so that the same
// input gives the same bytes.
func newRenderer(doc *cfdi.Comprobante, opt Options, brand rgb) *renderer {
	f := fpdf.New("P", "mm", "Letter", "")
	r := &renderer{f: f, tr: f.UnicodeTranslatorFromDescriptor("cp1252"), c: doc, opt: opt, brand: brand}
	now := opt.creationDate()
	f.SetCreationDate(now)
	f.SetModificationDate(now)
	f.SetCatalogSort(true)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, bottom)
	f.SetCreator("Sello", false)
	f.SetAuthor(r.tr(doc.Emisor.Nombre), false)
	f.SetTitle(r.tr(r.title()), false)
	f.AliasNbPages("{nb}")
	f.SetHeaderFunc(r.pageHeader)
	f.SetFooterFunc(r.pageFooter)
	return r
}

// title names the document: its UUID when stamped, else serie and folio.
func (r *renderer) title() string {
	if t := r.c.Complemento.TFD; t != nil && t.UUID != "" {
		return "CFDI " + t.UUID
	}
	return "CFDI " + serieFolio(r.c.Serie, r.c.Folio)
}

// serieFolio joins serie and folio as they are usually printed.
func serieFolio(serie, folio string) string {
	switch {
	case serie == "" && folio == "":
		return "sin serie ni folio"
	case serie == "" || folio == "":
		return serie + folio
	}
	return serie + "-" + folio
}
