package sandbox

import (
	"context"
	"crypto"
	"crypto/sha256"
	"testing"
)

// BenchmarkStamp measures one stamp of a one-concept invoice: parse, verify
// the Sello, check the certificate and Fecha, sign the TFD, insert it. The
// PAC forgets each Sello after stamping so the same document can be stamped
// again.
func BenchmarkStamp(b *testing.B) {
	p := newPAC(b, 1)
	in := sealedInvoice(b, "1")
	doc, err := p.check(in, clock)
	if err != nil {
		b.Fatal(err)
	}
	seal := doc.Comprobante.Sello
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Stamp(context.Background(), in); err != nil {
			b.Fatal(err)
		}
		p.release(seal)
	}
}

// BenchmarkRSASign measures the raw RSA-2048 PKCS#1 v1.5 SHA-256 signature
// that BenchmarkStamp does once per document (SelloSAT), for comparison.
func BenchmarkRSASign(b *testing.B) {
	p := newPAC(b, 1)
	digest := sha256.Sum256([]byte("||1.1|UUID|2026-11-26T10:05:00|SPR190613I52|SELLO|30001000000000000000||"))
	key := p.authority.Signer()
	for b.Loop() {
		if _, err := key.Sign(nil, digest[:], crypto.SHA256); err != nil {
			b.Fatal(err)
		}
	}
}
