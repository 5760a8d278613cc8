package pdf

import "github.com/sello-mx/sello/cfdi"

// qrSide is the side of the QR code: Anexo 20 asks for at least 2.75 cm.
const qrSide = 32.0

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
	r.section("Timbre fiscal digital")
	if t == nil {
		r.unstamped()
		return nil
	}
	x := margin + qrSide + 4
	w := pageW - margin - x
	r.need(qrSide + 2)
	y := r.f.GetY()
	if err := r.qr(cfdi.QRExpression(c), margin, y, qrSide); err != nil {
		return err
	}
	r.f.SetY(y)
	r.rowsAt(x, w, present(
		pair{"Folio fiscal (UUID)", t.UUID},
		pair{"Fecha de certificación", t.FechaTimbrado},
		pair{"RFC del proveedor de certificación", t.RfcProvCertif},
		pair{"No. certificado SAT", t.NoCertificadoSAT},
		pair{"Leyenda", t.Leyenda},
	))
	r.block("Sello digital del CFDI", c.Sello, "Courier", 6, x, w)
	r.block("Sello digital del SAT", t.SelloSAT, "Courier", 6, x, w)
	r.block("Cadena original del complemento de certificación digital del SAT",
		cfdi.CadenaTFD(t), "Courier", 6, x, w)
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

// rowsAt prints pairs in a column at x of width w from the current y.
func (r *renderer) rowsAt(x, w float64, ps []pair) {
	const labelW = 44.0
	y := r.pairs(ps, x, r.f.GetY(), w, labelW)
	r.f.SetXY(x, y+0.5)
}
