package pdf_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/pdf"
)

// logoImage is a small two-color picture, wider than tall.
func logoImage() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 60, 20))
	for x := range 60 {
		for y := range 20 {
			img.Set(x, y, color.NRGBA{R: uint8(x * 4), G: 90, B: 140, A: uint8(155 + y*5)})
		}
	}
	return img
}

func encodePNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, logoImage()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, logoImage(), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderOptions(t *testing.T) {
	t.Parallel()
	c := sample(t, "satcfdi-xiqb891116qe4_ingreso_iva16_stamped.xml")
	plain := render(t, c, pdf.Options{})
	tests := []struct {
		name string
		opt  pdf.Options
	}{
		{"png logo", pdf.Options{Logo: encodePNG(t)}},
		{"jpeg logo", pdf.Options{Logo: encodeJPEG(t)}},
		{"brand color", pdf.Options{BrandColor: "#C0392B"}},
		{"watermark", pdf.Options{Watermark: pdf.DraftWatermark}},
		{"notes", pdf.Options{Notes: "Cuenta CLABE 012345678901234567\nGracias."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := render(t, c, tt.opt)
			if bytes.Equal(out, plain) {
				t.Errorf("Render with %s gives the same bytes as without", tt.name)
			}
			text := flat(pdfText(t, out))
			for _, w := range []string{c.Emisor.Rfc, pdf.Legend} {
				if !strings.Contains(text, w) {
					t.Errorf("Render with %s: text lacks %q", tt.name, w)
				}
			}
			if png := pngOf(t, out); !bytes.HasPrefix(png, pngSignature) {
				t.Errorf("Render with %s: pdftoppm gave no PNG", tt.name)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	t.Parallel()
	c := sample(t, "satcfdi-xiqb891116qe4_ingreso_iva16_stamped.xml")
	tests := []struct {
		name string
		doc  *cfdi.Comprobante
		opt  pdf.Options
	}{
		{"nil document", nil, pdf.Options{}},
		{"color without #", c, pdf.Options{BrandColor: "2F3B45"}},
		{"short color", c, pdf.Options{BrandColor: "#FFF"}},
		{"color not hex", c, pdf.Options{BrandColor: "#GG0000"}},
		{"logo not an image", c, pdf.Options{Logo: []byte("GIF89a")}},
		{"truncated PNG", c, pdf.Options{Logo: []byte("\x89PNG\r\n\x1a\nIHDR")}},
	}
	for _, tt := range tests {
		if _, err := pdf.Render(tt.doc, tt.opt); err == nil {
			t.Errorf("Render with %s: no error", tt.name)
		}
	}
}

// TestRenderDraft renders a computed draft, neither sealed nor stamped, as
// the preview does: watermarked, without QR code, saying it is not stamped.
func TestRenderDraft(t *testing.T) {
	t.Parallel()
	c, err := cfdi.Compute(invoice(2))
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	out := render(t, c, pdf.Options{Watermark: pdf.DraftWatermark})
	text := flat(pdfText(t, out))
	for _, w := range []string{"Sin timbrar", "Documento sin timbrar", c.Total, "DOSCIENTOS TREINTA Y TRES PESOS 16/100 M.N.", pdf.Legend} {
		if !strings.Contains(text, w) {
			t.Errorf("draft PDF lacks %q", w)
		}
	}
	if strings.Contains(text, "Sello digital del SAT") {
		t.Errorf("draft PDF shows a SAT seal")
	}
}
