package cfdi_test

import (
	"path/filepath"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// BenchmarkMarshalAndCadena10Lines is the issuing path without the RSA
// signature: the cadena original and the XML of a 10-line invoice with IVA
// and an ISR withholding on every line. Target: under 50 µs.
func BenchmarkMarshalAndCadena10Lines(b *testing.B) {
	c := invoice(10)
	c.NoCertificado = "30001000000500003416"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfdi.CadenaOriginal(c); err != nil {
			b.Fatal(err)
		}
		if _, err := cfdi.Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads the real production sample.
func BenchmarkParse(b *testing.B) {
	data := readFile(b, filepath.Join(cfditest.SATDir(b), "samples", "signed", "cfdiutils-cfdi40-real-stamped.xml"))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfdi.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCadenaReceived builds the cadena of an already parsed document.
func BenchmarkCadenaReceived(b *testing.B) {
	doc := parseFile(b, filepath.Join(cfditest.SATDir(b), "samples", "signed", "cfdiutils-cfdi40-real-stamped.xml"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := doc.CadenaOriginal(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeal10Lines includes the RSA-2048 signature and its self-check.
func BenchmarkSeal10Lines(b *testing.B) {
	key, cert := testCSD(b)
	c := invoice(10)
	b.ReportAllocs()
	for b.Loop() {
		if err := cfdi.Seal(c, key, cert); err != nil {
			b.Fatal(err)
		}
	}
}
