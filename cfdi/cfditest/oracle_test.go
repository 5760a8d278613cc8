package cfditest_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// TestOracleSamples runs the oracle on every signed sample: xsltproc agrees
// with the Go cadena, openssl accepts the Sello, and the stamps whose SAT
// certificate is known verify. The nómina and cryptosys samples are known
// not to pass the wrapper schema (sat/README.md), so xmllint is skipped there.
func TestOracleSamples(t *testing.T) {
	t.Parallel()
	sat := cfditest.SATDir(t)
	files, _ := filepath.Glob(filepath.Join(sat, "samples", "signed", "*.xml"))
	if len(files) != 30 {
		t.Fatalf("found %d signed samples, want 30", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var opts []cfditest.Option
			if strings.Contains(f, "nomina") || strings.Contains(f, "cryptosys") {
				opts = append(opts, cfditest.SkipSchema())
			}
			if cert := stampCert(t, sat, data); cert != nil {
				opts = append(opts, cfditest.WithSATCert(cert))
			}
			cfditest.Oracle(t, data, opts...)
		})
	}
}

// TestOracleRejects checks that the oracle notices a broken seal.
func TestOracleRejects(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(cfditest.SATDir(t), "samples", "negative", "tampered-total-g01.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfditest.Check(data); err == nil || !strings.Contains(err.Error(), "Sello") {
		t.Errorf("Check(tampered total) = %v, want a Sello error", err)
	}
}

// stampCert returns the certificate that signed the sample's TFD: the SAT's
// from sat-certs, or the issuer's own for self-stamped fixtures.
func stampCert(t *testing.T, sat string, data []byte) *x509.Certificate {
	doc, err := cfdi.Parse(data)
	if err != nil || doc.TFD == nil {
		return nil
	}
	certs, err := cfdi.LoadSATCerts(filepath.Join(sat, "sat-certs"))
	if err != nil {
		t.Fatal(err)
	}
	if c := certs.Get(doc.TFD.NoCertificadoSAT); c != nil {
		return c
	}
	if doc.TFD.NoCertificadoSAT == doc.Comprobante.NoCertificado {
		der, err := base64Decode(doc.Comprobante.Certificado)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return nil
}
