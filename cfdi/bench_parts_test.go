package cfdi_test

import (
	"context"
	"testing"

	"github.com/sello-mx/sello/cfdi"
)

// sealedBenchDraft returns the sealed XML of benchDraft, as the sandbox
// receives it in BenchmarkPipeline.
func sealedBenchDraft(b *testing.B) []byte {
	d := benchDraft()
	cert := docCSD(b, docCSDEKU, docFecha(b, d.Fecha))
	c, err := cfdi.Compute(d)
	if err != nil {
		b.Fatal(err)
	}
	if err := cfdi.Seal(c, cert.Signer(), cert.X509); err != nil {
		b.Fatal(err)
	}
	xml, err := cfdi.Marshal(c)
	if err != nil {
		b.Fatal(err)
	}
	return xml
}

// BenchmarkParseSealed10Lines parses the document the sandbox receives in
// BenchmarkPipeline.
func BenchmarkParseSealed10Lines(b *testing.B) {
	xml := sealedBenchDraft(b)
	b.SetBytes(int64(len(xml)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfdi.Parse(xml); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifySealed10Lines is the sandbox's integrity check of that
// document without the parse: cadena, certificate, RSA verification.
func BenchmarkVerifySealed10Lines(b *testing.B) {
	doc, err := cfdi.Parse(sealedBenchDraft(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := doc.Verify(nil); !r.OK() {
			b.Fatal(r.Failures)
		}
	}
}

// BenchmarkStampSealed10Lines stamps 10-line documents with the sandbox PAC:
// 64 documents with distinct Folios, sealed beforehand, each stamped once;
// after 64 stamps a new PAC (outside the timer) forgets them, since a PAC
// refuses a Sello it has already stamped.
func BenchmarkStampSealed10Lines(b *testing.B) {
	d := benchDraft()
	cert := docCSD(b, docCSDEKU, docFecha(b, d.Fecha))
	pac := docPAC(b, "bench", d.Fecha)
	var docs [][]byte
	for i := range 64 {
		d.Folio = string(rune('A'+i%26)) + string(rune('A'+i/26))
		c, err := cfdi.Compute(d)
		if err != nil {
			b.Fatal(err)
		}
		if err := cfdi.Seal(c, cert.Signer(), cert.X509); err != nil {
			b.Fatal(err)
		}
		xml, err := cfdi.Marshal(c)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, xml)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i >= len(docs) {
			b.StopTimer()
			pac = docPAC(b, "bench", d.Fecha)
			i = 0
			b.StartTimer()
		}
		if _, err := pac.Stamp(context.Background(), docs[i]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
