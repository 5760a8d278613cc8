package pdf

// Geometry of the totals: labels and amounts at the right of the page, the
// amount in words at the left.
const (
	totalLabelW = 48.0
	totalValueW = 30.0
	totalsX     = pageW - margin - totalLabelW - totalValueW
)

// totals prints SubTotal, Descuento, every transferred and withheld tax of
// the summary by type and rate, and Total, with the amount in words beside
// them. The totals of a type P document are zero: the words of its
// payments' total are printed by payments instead.
func (r *renderer) totals() {
	rows := r.totalRows()
	h := float64(len(rows))*4 + 2
	r.need(h)
	y := r.f.GetY() + 1
	if r.c.TipoDeComprobante != "P" || r.c.Complemento.Pagos == nil {
		h = max(h, r.amountInWords(r.c.Total, r.c.Moneda, y)-y+1)
	}
	for i, row := range rows {
		style := ""
		if i == len(rows)-1 {
			style = "B"
		}
		r.f.SetXY(totalsX, y+float64(i)*4)
		r.font("B", labelSize+0.5)
		r.f.CellFormat(totalLabelW, 4, r.tr(row.label), "", 0, "R", false, 0, "")
		r.font(style, valueSize+0.5)
		r.f.CellFormat(totalValueW, 4, r.tr(row.value), "", 0, "R", false, 0, "")
	}
	r.f.SetXY(margin, max(r.f.GetY(), y+h))
}

// totalRows are the rows of the totals, Total last.
func (r *renderer) totalRows() []pair {
	c := r.c
	rows := present(pair{"Subtotal", c.SubTotal}, pair{"Descuento", c.Descuento})
	if im := c.Impuestos; im != nil {
		for _, t := range im.Traslados {
			value := t.Importe
			if t.TipoFactor == "Exento" {
				value = "base " + t.Base
			}
			rows = append(rows, pair{"Traslado " + taxRate(t.Impuesto, t.TipoFactor, t.TasaOCuota), value})
		}
		for _, t := range im.Retenciones {
			rows = append(rows, pair{"Retención " + taxName(t.Impuesto), t.Importe})
		}
		rows = append(rows, present(
			pair{"Total impuestos trasladados", im.TotalImpuestosTrasladados},
			pair{"Total impuestos retenidos", im.TotalImpuestosRetenidos},
		)...)
	}
	return append(rows, pair{"Total", joinNonEmpty(" ", c.Total, c.Moneda)})
}

// amountInWords prints "Importe con letra" and the amount in words at the
// left of the totals from y, and returns the y below; nothing when the
// amount cannot be written in words (a received document with a malformed
// Total).
func (r *renderer) amountInWords(amount, currency string, y float64) float64 {
	words, err := AmountInWords(amount, currency)
	if err != nil {
		return y
	}
	w := totalsX - margin - 4
	r.font("B", labelSize)
	r.f.SetTextColor(80, 80, 80)
	r.f.SetXY(margin, y)
	r.f.CellFormat(w, lineH, r.tr("Importe con letra"), "", 0, "L", false, 0, "")
	r.f.SetTextColor(0, 0, 0)
	r.font("B", valueSize)
	lines := r.wrap(words, w)
	for i, l := range lines {
		r.f.SetXY(margin, y+lineH+float64(i)*lineH)
		r.f.CellFormat(w, lineH, l, "", 0, "L", false, 0, "")
	}
	return y + float64(len(lines)+1)*lineH
}
