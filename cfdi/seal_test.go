package cfdi_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"flag"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

var update = flag.Bool("update", false, "rewrite golden files (only after the SAT oracles accept them)")

// golden compares got with testdata/name, or rewrites it with -update after
// the SAT oracles (xmllint, xsltproc, openssl) accept XML content.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	cfditest.Golden(t, filepath.Join("testdata", name), got, *update)
}

func TestSealGolden(t *testing.T) {
	t.Parallel()
	key, cert := testCSD(t)
	c := invoice(3)
	if err := cfdi.Seal(c, key, cert); err != nil {
		t.Fatalf("Seal: %v", err)
	}
	if c.NoCertificado != "30001000000500003416" {
		t.Errorf("NoCertificado = %q, want 30001000000500003416", c.NoCertificado)
	}
	if len(c.Sello) != 344 {
		t.Errorf("len(Sello) = %d, want 344 (RSA-2048)", len(c.Sello))
	}
	out, err := cfdi.Marshal(c)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	golden(t, "sealed-invoice.xml", out)
	cfditest.Oracle(t, out)
	doc, err := cfdi.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if r := doc.Verify(nil); !r.OK() {
		t.Errorf("Verify(sealed invoice) failures: %v", r.Failures)
	}
}

func TestSealErrors(t *testing.T) {
	t.Parallel()
	key, cert := testCSD(t)
	other, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfdi.Seal(invoice(1), other, cert); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("Seal(foreign key) error = %v, want key mismatch", err)
	}
	c := invoice(1)
	c.Complemento.Unknown = []string{"http://www.sat.gob.mx/implocal"}
	if err := cfdi.Seal(c, key, cert); err == nil {
		t.Error("Seal(unknown complement) = nil, want error")
	}
	bad := *cert
	bad.SerialNumber = big.NewInt(12345)
	if _, err := cfdi.NoCertificado(&bad); err == nil {
		t.Error("NoCertificado(serial 12345) = nil error, want error")
	}
}

func TestNoCertificado(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"00001000000708361114", "30001000000500003456"} {
		cert, err := x509.ParseCertificate(readFile(t, filepath.Join(cfditest.SATDir(t), "sat-certs", name+".cer")))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := cfdi.NoCertificado(cert); got != name || err != nil {
			t.Errorf("NoCertificado(%s.cer) = %q, %v; want %q", name, got, err, name)
		}
	}
}
