package cfdi_test

import (
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

func satCerts(t testing.TB) cfdi.SATCerts {
	t.Helper()
	certs, err := cfdi.LoadSATCerts(filepath.Join(cfditest.SATDir(t), "sat-certs"))
	if err != nil {
		t.Fatalf("LoadSATCerts: %v", err)
	}
	if len(certs) != 3 {
		t.Fatalf("LoadSATCerts: %d certificates, want 3", len(certs))
	}
	return certs
}

// TestVerifySigned checks that all 30 signed samples verify, and that the 8
// stamps with a known certificate (2 SAT, 6 self-stamped fixtures) verify too.
func TestVerifySigned(t *testing.T) {
	t.Parallel()
	certs := satCerts(t)
	stampsChecked := 0
	for _, path := range signedSamples(t) {
		doc := parseFile(t, path)
		r := doc.Verify(certs.Get)
		if !r.OK() {
			t.Errorf("Verify(%s) failures: %v", filepath.Base(path), r.Failures)
		}
		if doc.TFD != nil && !slices.ContainsFunc(r.Warnings, func(f cfdi.Finding) bool {
			return strings.Contains(f.Message, "not checked")
		}) {
			stampsChecked++
		}
	}
	if stampsChecked != 8 {
		t.Errorf("SelloSAT verified on %d samples, want 8", stampsChecked)
	}
}

// TestVerifyNegative checks that each tampered sample fails for its reason.
func TestVerifyNegative(t *testing.T) {
	t.Parallel()
	certs := satCerts(t)
	tests := []struct {
		file string
		want []cfdi.Check
	}{
		{"tampered-total-g01.xml", []cfdi.Check{cfdi.CheckSello}},
		{"tampered-accent-g02.xml", []cfdi.Check{cfdi.CheckSello}},
		{"tampered-nocertificado-g04.xml", []cfdi.Check{cfdi.CheckNoCertificado, cfdi.CheckSello}},
		{"tampered-tfd-fechatimbrado-real.xml", []cfdi.Check{cfdi.CheckSelloSAT}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			doc := parseFile(t, filepath.Join(cfditest.SATDir(t), "samples", "negative", tt.file))
			r := doc.Verify(certs.Get)
			var got []cfdi.Check
			for _, f := range r.Failures {
				got = append(got, f.Check)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Verify(%s) failed checks (-want +got):\n%s\nfailures: %v", tt.file, diff, r.Failures)
			}
		})
	}
}

func TestVerifyUnsupportedComplement(t *testing.T) {
	t.Parallel()
	key, cert := testCSD(t)
	c := invoice(1)
	if err := cfdi.Seal(c, key, cert); err != nil {
		t.Fatal(err)
	}
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	out = []byte(strings.Replace(string(out), "</cfdi:Comprobante>",
		`<cfdi:Complemento><implocal:ImpuestosLocales xmlns:implocal="http://www.sat.gob.mx/implocal" version="1.0"/></cfdi:Complemento></cfdi:Comprobante>`, 1))
	doc, err := cfdi.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Verify(nil)
	if !r.Failed(cfdi.CheckComplement) || !strings.Contains(r.Failures[0].Message, "implocal") {
		t.Errorf("Verify(implocal) failures = %v, want complement naming implocal", r.Failures)
	}
}

func TestVerifyFiles(t *testing.T) {
	t.Parallel()
	sat := cfditest.SATDir(t)
	certs := satCerts(t)
	files := []string{
		filepath.Join(sat, "samples", "signed", "cfdiutils-cfdi40-real-stamped.xml"),
		filepath.Join(sat, "samples", "negative", "tampered-total-g01.xml"),
		filepath.Join(t.TempDir(), "missing.xml"),
	}
	var out strings.Builder
	failed := cfdi.VerifyFiles(&out, files, cfdi.VerifyOptions{
		SATCert: certs.Get,
		Rules:   func(*cfdi.Document) []string { return []string{"CFDI40999: example finding"} },
	})
	if failed != 2 {
		t.Errorf("VerifyFiles() = %d failed, want 2; output:\n%s", failed, out.String())
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "OK ") || !strings.Contains(out.String(), "  warning: rule: CFDI40999") ||
		!strings.Contains(out.String(), "FAIL "+files[1]+"\n  sello: ") || !strings.Contains(out.String(), "FAIL "+files[2]) {
		t.Errorf("VerifyFiles() output:\n%s", out.String())
	}
	out.Reset()
	strict := cfdi.VerifyOptions{SATCert: certs.Get, Strict: true, Rules: func(*cfdi.Document) []string { return []string{"x"} }}
	if failed := cfdi.VerifyFiles(&out, files[:1], strict); failed != 1 {
		t.Errorf("VerifyFiles(strict) = %d failed, want 1; output:\n%s", failed, out.String())
	}
}

// TestVerify33 seals a CFDI 3.3 by hand and verifies it with Verify and with
// the 3.3 XSLT oracle.
func TestVerify33(t *testing.T) {
	t.Parallel()
	key, cert := testCSD(t)
	data := strings.NewReplacer("cfd/4", "cfd/3", `Version="4.0"`, `Version="3.3" CERT`).Replace(string(minimal(`Folio="33"`, "x", "")))
	unsigned := strings.Replace(data, "CERT", `Certificado="`+base64.StdEncoding.EncodeToString(cert.Raw)+`"`, 1)
	doc, err := cfdi.Parse([]byte(unsigned))
	if err != nil {
		t.Fatal(err)
	}
	cadena, err := doc.CadenaOriginal()
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(cadena))
	sig, err := key.Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	signed := strings.Replace(unsigned, `Version="3.3"`, `Version="3.3" Sello="`+base64.StdEncoding.EncodeToString(sig)+`"`, 1)
	doc, err = cfdi.Parse([]byte(signed))
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Verify(nil)
	if !r.OK() || doc.Version != "3.3" {
		t.Errorf("Verify(3.3) failures: %v", r.Failures)
	}
	cfditest.Oracle(t, []byte(signed))
}

// TestVerifyCertificateWarnings: what only the PAC could enforce is reported
// as a warning on a received document.
func TestVerifyCertificateWarnings(t *testing.T) {
	t.Parallel()
	key, cert := testCSD(t)
	c := invoice(1)
	c.Emisor.Rfc = "XIA190128J61"
	c.Fecha = "2030-01-01T00:00:00"
	if err := cfdi.Seal(c, key, cert); err != nil {
		t.Fatal(err)
	}
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := cfdi.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Verify(nil)
	var msgs []string
	for _, w := range r.Warnings {
		msgs = append(msgs, w.Message)
	}
	all := strings.Join(msgs, "\n")
	if !r.OK() || !strings.Contains(all, "belongs to EKU9003173C9, not to the Emisor XIA190128J61 (PAC 303)") ||
		!strings.Contains(all, "outside the certificate's validity 2023-05-18 to 2027-05-18 (PAC 305)") {
		t.Errorf("Verify() failures %v, warnings:\n%s", r.Failures, all)
	}
}
