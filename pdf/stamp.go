package pdf

import "github.com/sello-mx/sello/cfdi"

// qrSide is the side of the QR code: Anexo 20 asks for at least 2.75 cm.
const qrSide = 32.0

// stampLabelW is the width of the labels beside the QR code.
const stampLabelW = 44.0

// notes prints the team's notes, when there are any.
func (r *renderer) notes() {
	if r.opt.Notes == "" {
		return
	}
	r.section("Notas")
	r.block("", r.opt.Notes, "Helvetica", valueSize, margin, contentW)
}

// stamp prints the digital seals: the issuer's Sello, and when the document
// is stamped the QR code, the TFD data, SelloSAT and the TFD's cadena
// original ("cadena original del complemento de certificación digital del
// SAT"), beside the QR.
func (r *renderer) stamp() error {
	c := r.c
	t := c.Complemento.TFD
	if t == nil {
		r.section("Timbre fiscal digital")
		r.unstamped()
		return nil
	}
	x := margin + qrSide + 4
	w := pageW - margin - x
	ps := present(
		pair{"Folio fiscal (UUID)", t.UUID},
		pair{"Fecha de certificación", t.FechaTimbrado},
		pair{"RFC del proveedor de certificación", t.RfcProvCertif},
		pair{"No. certificado SAT", t.NoCertificadoSAT},
		pair{"Leyenda", t.Leyenda},
	)
	blocks := []pair{
		{"Sello digital del CFDI", c.Sello},
		{"Sello digital del SAT", t.SelloSAT},
		{"Cadena original del complemento de certificación digital del SAT", cfdi.CadenaTFD(t)},
	}
	h := r.pairsHeight(ps, w, stampLabelW) + 0.5
	for _, b := range blocks {
		h += r.blockHeight(b.label, b.value, "Courier", 6, w)
	}
	r.need(max(h, qrSide) + 10) // the stamp stays on one page with its title
	r.section("Timbre fiscal digital")
	y := r.f.GetY()
	if err := r.qr(cfdi.QRExpression(c), margin, y, qrSide); err != nil {
		return err
	}
	r.f.SetXY(x, r.pairs(ps, x, y, w, stampLabelW)+0.5)
	for _, b := range blocks {
		r.block(b.label, b.value, "Courier", 6, x, w)
	}
	r.f.SetXY(margin, max(r.f.GetY(), y+qrSide+2))
	return nil
}

// unstamped prints the seal of a document the PAC has not stamped yet, or
// says it is not sealed either.
func (r *renderer) unstamped() {
	r.font("B", valueSize)
	msg := "Documento sin timbrar: no es un CFDI hasta que un PAC lo certifique."
	r.f.CellFormat(contentW, 5, r.tr(msg), "", 1, "L", false, 0, "")
	r.block("Sello digital del CFDI", r.c.Sello, "Courier", 6, margin, contentW)
}
