package pdf_test

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/pdf"
)

// FuzzRender renders whatever cfdi.Parse reads: Render must not panic on a
// received document, however odd its values.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(cfditest.SATDir(f), "samples", "signed", "*.xml"))
	for _, name := range files[:min(len(files), 8)] {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := cfdi.Parse(data)
		if err != nil {
			return
		}
		out, err := pdf.Render(doc.Comprobante, pdf.Options{Now: fixedNow})
		if err == nil && len(out) == 0 {
			t.Errorf("Render gave no bytes and no error")
		}
	})
}

// FuzzAmountInWords checks that any text either fails or gives words.
func FuzzAmountInWords(f *testing.F) {
	for _, s := range []string{"0", "1160.00", "999999999999.99", "1e9", "-3", "0.005"} {
		f.Add(s, "MXN")
	}
	f.Fuzz(func(t *testing.T, amount, currency string) {
		words, err := pdf.AmountInWords(amount, currency)
		if err == nil && (words == "" || !utf8.ValidString(words)) {
			t.Errorf("AmountInWords(%q, %q) = %q", amount, currency, words)
		}
	})
}
