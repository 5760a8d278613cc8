package pdf_test

import (
	"testing"

	"github.com/sello-mx/sello/pdf"
)

// BenchmarkRender renders a stamped 10-line invoice.
func BenchmarkRender(b *testing.B) {
	c := stamped(b, invoice(10))
	opt := pdf.Options{Now: fixedNow, Notes: "Gracias por su compra."}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Render(c, opt); err != nil {
			b.Fatal(err)
		}
	}
}
