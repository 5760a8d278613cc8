package pdf

import "strings"

// Type sizes and line heights, in points and millimetres.
const (
	labelSize = 6.5
	valueSize = 7.5
	lineH     = 3.4
)

// pair is a label and its value, printed side by side.
type pair struct{ label, value string }

// font sets Helvetica in a style ("", "B", "I") and size.
func (r *renderer) font(style string, size float64) { r.f.SetFont("Helvetica", style, size) }

// wrap splits UTF-8 text into cp1252 lines that fit width w in the current
// font, breaking at spaces or, for long unbroken text such as a seal,
// anywhere. Empty text gives no line.
func (r *renderer) wrap(text string, w float64) []string {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r", "")
	if text == "" {
		return nil
	}
	var lines []string
	for _, b := range r.f.SplitLines([]byte(r.tr(text)), w) {
		lines = append(lines, string(b))
	}
	return lines
}

// need starts a new page unless h millimetres fit above the bottom margin.
func (r *renderer) need(h float64) {
	_, pageH := r.f.GetPageSize()
	if r.f.GetY()+h > pageH-bottom {
		r.f.AddPage()
	}
}

// section prints a bar in the brand color with a title in white.
func (r *renderer) section(title string) {
	r.need(14)
	r.f.Ln(1.5)
	r.f.SetFillColor(r.brand.r, r.brand.g, r.brand.b)
	r.f.SetTextColor(255, 255, 255)
	r.font("B", 8)
	r.f.CellFormat(contentW, 5, r.tr(title), "", 1, "L", true, 0, "")
	r.f.SetTextColor(0, 0, 0)
	r.f.Ln(1)
}

// pairsHeight is the height pairs take in a column of width w with labels
// labelW wide.
func (r *renderer) pairsHeight(ps []pair, w, labelW float64) float64 {
	r.font("", valueSize)
	h := 0.0
	for _, p := range ps {
		h += float64(max(1, len(r.wrap(p.value, w-labelW)))) * lineH
	}
	return h
}

// pairs prints label and value pairs in a column from (x, y) and returns
// the y below them. Callers drop the pairs without a value with present.
func (r *renderer) pairs(ps []pair, x, y, w, labelW float64) float64 {
	for _, p := range ps {
		r.font("B", labelSize)
		r.f.SetTextColor(80, 80, 80)
		r.f.SetXY(x, y)
		r.f.CellFormat(labelW, lineH, r.tr(p.label), "", 0, "L", false, 0, "")
		r.f.SetTextColor(0, 0, 0)
		r.font("", valueSize)
		lines := r.wrap(p.value, w-labelW)
		if len(lines) == 0 {
			lines = []string{""}
		}
		for i, l := range lines {
			r.f.SetXY(x+labelW, y+float64(i)*lineH)
			r.f.CellFormat(w-labelW, lineH, l, "", 0, "L", false, 0, "")
		}
		y += float64(len(lines)) * lineH
	}
	return y
}

// columns prints two columns of pairs side by side, on a new page when
// they do not fit, and moves below the taller one.
func (r *renderer) columns(left, right []pair) {
	const labelW = 27.0
	colW := contentW / 2
	h := max(r.pairsHeight(left, colW-2, labelW), r.pairsHeight(right, colW, labelW))
	r.need(h)
	y := r.f.GetY()
	y1 := r.pairs(left, margin, y, colW-2, labelW)
	y2 := r.pairs(right, margin+colW, y, colW, labelW)
	r.f.SetXY(margin, max(y1, y2)+1)
}

// present keeps the pairs whose value is not empty.
func present(ps ...pair) []pair {
	out := ps[:0]
	for _, p := range ps {
		if strings.TrimSpace(p.value) != "" {
			out = append(out, p)
		}
	}
	return out
}

// blockHeight is the height block takes.
func (r *renderer) blockHeight(title, text, fam string, size float64, w float64) float64 {
	if strings.TrimSpace(text) == "" {
		return 0
	}
	h := 0.8
	if title != "" {
		h += lineH
	}
	r.f.SetFont(fam, "", size)
	return h + float64(len(r.wrap(text, w)))*size*0.42
}

// block prints a titled paragraph across the page, in font size size and
// family fam ("Helvetica" or "Courier"), breaking pages as needed.
func (r *renderer) block(title, text, fam string, size float64, x, w float64) {
	if strings.TrimSpace(text) == "" {
		return
	}
	if title != "" {
		r.font("B", labelSize)
		r.f.SetTextColor(80, 80, 80)
		r.need(lineH * 2)
		r.f.SetX(x)
		r.f.CellFormat(w, lineH, r.tr(title), "", 1, "L", false, 0, "")
		r.f.SetTextColor(0, 0, 0)
	}
	r.f.SetFont(fam, "", size)
	h := size * 0.42
	for _, l := range r.wrap(text, w) {
		r.need(h)
		r.f.SetX(x)
		r.f.CellFormat(w, h, l, "", 1, "L", false, 0, "")
	}
	r.f.Ln(0.8)
}

// rows prints pairs across the whole width.
func (r *renderer) rows(ps []pair) {
	const labelW = 27.0
	r.need(r.pairsHeight(ps, contentW, labelW))
	y := r.pairs(ps, margin, r.f.GetY(), contentW, labelW)
	r.f.SetXY(margin, y+1)
}
