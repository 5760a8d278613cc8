package pdf

import (
	"bytes"
	"errors"

	"codeberg.org/go-pdf/fpdf"
)

// logoName is the name the logo is registered under in the PDF.
const logoName = "logo"

// logo registers Options.Logo, a PNG or JPEG told apart by its signature.
func (r *renderer) logo() error {
	if len(r.opt.Logo) == 0 {
		return nil
	}
	var kind string
	switch {
	case bytes.HasPrefix(r.opt.Logo, []byte("\x89PNG\r\n\x1a\n")):
		kind = "PNG"
	case bytes.HasPrefix(r.opt.Logo, []byte{0xff, 0xd8, 0xff}):
		kind = "JPG"
	default:
		return errors.New("logo is neither PNG nor JPEG")
	}
	opts := fpdf.ImageOptions{ImageType: kind}
	r.f.RegisterImageOptionsReader(logoName, opts, bytes.NewReader(r.opt.Logo))
	if err := r.f.Error(); err != nil {
		return errors.Join(errors.New("logo"), err)
	}
	return nil
}

// hasLogo reports whether a logo was given.
func (r *renderer) hasLogo() bool { return len(r.opt.Logo) > 0 }

// drawLogo fits the logo in a logoW × logoH box at (x, y), keeping its
// proportions.
func (r *renderer) drawLogo(x, y float64) {
	info := r.f.GetImageInfo(logoName)
	if info == nil {
		return
	}
	w, h := info.Width(), info.Height()
	if w <= 0 || h <= 0 {
		return
	}
	scale := min(logoW/w, logoH/h)
	r.f.ImageOptions(logoName, x, y, w*scale, h*scale, false, fpdf.ImageOptions{}, 0, "")
}
