package pdf

import (
	"fmt"
	"strconv"
	"time"
)

// DefaultColor is the brand color used when Options.BrandColor is empty: a
// neutral dark slate.
const DefaultColor = "#2F3B45"

// DraftWatermark is the watermark of a draft's preview: it is not a CFDI.
const DraftWatermark = "Sin validez fiscal"

// Options are the team's choices for its printed invoices.
type Options struct {
	// BrandColor, "#RRGGBB", colors the section bars; "" is DefaultColor.
	BrandColor string
	// Logo is a PNG or JPEG image printed at the top left; nil prints none.
	Logo []byte
	// Notes are the team's invoice_pdf_notes, printed after the totals.
	Notes string
	// Watermark is printed across every page; "" prints none. Drafts use
	// DraftWatermark.
	Watermark string
	// Now gives the PDF's creation date; nil means time.Now. Fix it for
	// byte-for-byte reproducible output.
	Now func() time.Time
}

// rgb is a color as fpdf takes it.
type rgb struct{ r, g, b int }

// parseColor reads "#RRGGBB"; "" is DefaultColor.
func parseColor(s string) (rgb, error) {
	if s == "" {
		s = DefaultColor
	}
	if len(s) != 7 || s[0] != '#' {
		return rgb{}, fmt.Errorf("brand color %q is not #RRGGBB", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return rgb{}, fmt.Errorf("brand color %q is not #RRGGBB", s)
	}
	return rgb{int(v >> 16), int(v >> 8 & 0xff), int(v & 0xff)}, nil
}

// creationDate is the moment the PDF says it was made.
func (o Options) creationDate() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}
