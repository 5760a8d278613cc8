package pdf

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// qr draws the QR code of text as vector squares in a side × side square at
// (x, y), without the quiet zone: the page margin around it is the quiet
// zone. Runs of dark modules in a row are drawn as one rectangle.
func (r *renderer) qr(text string, x, y, side float64) error {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("QR code: %w", err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm)
	if n == 0 {
		return fmt.Errorf("QR code: empty bitmap")
	}
	m := side / float64(n)
	r.f.SetFillColor(0, 0, 0)
	for i, row := range bm {
		for j := 0; j < len(row); {
			if !row[j] {
				j++
				continue
			}
			k := j
			for k < len(row) && row[k] {
				k++
			}
			// A hair taller than a module, so rows touch without seams.
			r.f.Rect(x+float64(j)*m, y+float64(i)*m, float64(k-j)*m, m+0.02, "F")
			j = k
		}
	}
	return nil
}
