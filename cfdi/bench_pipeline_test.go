package cfdi_test

import (
	"context"
	"crypto"
	"crypto/sha256"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/sello-mx/sello/cfdi"
)

// benchDraft is a 10-line income invoice of the EKU test issuer.
func benchDraft() *cfdi.Draft {
	d := income("1", "2026-11-20T10:00:00")
	for i := range 10 {
		taxes := []cfdi.LineTax{iva16}
		if i%3 == 2 {
			taxes = append(taxes, retISR10)
		}
		l := line("81111500", "E48", fmt.Sprintf("Servicio de consultoría & soporte, etapa %d", i+1),
			strconv.Itoa(1+i%4), fmt.Sprintf("%d.%02d", 100+37*i, (13*i)%100), taxes...)
		l.NoIdentificacion = fmt.Sprintf("SRV-%03d", i+1)
		d.Lines = append(d.Lines, l)
	}
	d.Receptor = docEKUR
	d.Receptor.Rfc, d.Receptor.Nombre = "IIA040805DZ4", "INDISTRIA ILUMINADORA DE ALMACENES"
	return d
}

// BenchmarkPipeline measures one document through everything Sello does to
// issue it: Compute, Validate, Seal (cadena, RSA signature, self-check),
// Marshal and the sandbox PAC's Stamp (parse, checks, second RSA signature
// for SelloSAT). Each iteration gets its own Folio, since the sandbox refuses
// a Sello it has already stamped (307). Compare with BenchmarkRSASign2048:
// the pipeline signs twice per document, so its rate is at most half the
// raw signature rate. Both sign with rsasign's backend (csd.CSD.Signer):
// -tags fastrsa measures the OpenSSL one.
func BenchmarkPipeline(b *testing.B) {
	benchPipeline(b, true)
}

// BenchmarkPipelineUnstamped is BenchmarkPipeline without the sandbox PAC:
// one signature per document.
func BenchmarkPipelineUnstamped(b *testing.B) {
	benchPipeline(b, false)
}

func benchPipeline(b *testing.B, stamp bool) {
	d := benchDraft()
	cert := docCSD(b, docCSDEKU, docFecha(b, d.Fecha))
	pac := docPAC(b, "bench", d.Fecha)
	ctx := context.Background()
	b.ReportAllocs()
	cpu := processCPU()
	i := 0
	for b.Loop() {
		i++
		d.Folio = strconv.Itoa(i)
		c, err := cfdi.Compute(d)
		if err != nil {
			b.Fatal(err)
		}
		if probs := cfdi.Validate(c, cfdi.ValidateOptions{}); len(probs) > 0 {
			b.Fatal(probs)
		}
		if err := cfdi.Seal(c, cert.Signer(), cert.X509); err != nil {
			b.Fatal(err)
		}
		xml, err := cfdi.Marshal(c)
		if err != nil {
			b.Fatal(err)
		}
		if !stamp {
			continue
		}
		if _, err := pac.Stamp(ctx, xml); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu, "docs")
}

// BenchmarkRSASign2048 is the floor of BenchmarkPipeline: one raw PKCS#1
// v1.5 SHA-256 signature with the same 2048-bit CSD key. Like the pipeline it
// signs with csd.CSD.Signer, rsasign's backend: go test -tags fastrsa
// measures OpenSSL (compare with openssl speed rsa2048).
func BenchmarkRSASign2048(b *testing.B) {
	cert := docCSD(b, docCSDEKU, docFecha(b, "2026-11-20T10:00:00"))
	signer := cert.Signer()
	digest := sha256.Sum256([]byte("||4.0|F|1|2026-11-20T10:00:00|03|30001000000500003416|…||"))
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if _, err := signer.Sign(nil, digest[:], crypto.SHA256); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu, "sigs")
}

// reportRates reports operations per second of wall clock and of process
// CPU time (user + system, all threads, GC included) since cpu. On a busy
// machine compare the CPU rates: the wall clock there measures the load.
func reportRates(b *testing.B, cpu time.Duration, unit string) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit+"/s")
	if used := processCPU() - cpu; used > 0 {
		b.ReportMetric(float64(b.N)/used.Seconds(), unit+"/cpu-s")
	}
}

// BenchmarkMarshalCadena10Lines measures the text work of one 10-line
// document, without cryptography: Marshal and CadenaOriginal.
func BenchmarkMarshalCadena10Lines(b *testing.B) {
	c, err := cfdi.Compute(benchDraft())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfdi.Marshal(c); err != nil {
			b.Fatal(err)
		}
		if _, err := cfdi.CadenaOriginal(c); err != nil {
			b.Fatal(err)
		}
	}
}
