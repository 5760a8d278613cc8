package cfdi_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/csd"
)

// TestDocuments builds every kind of document Sello issues (documentCases),
// validates it, seals it with a public SAT test CSD and holds the result up
// to the SAT's own tools (cfditest.Oracle: xmllint with the SAT XSD, xsltproc
// with the SAT XSLT giving the Go cadena byte for byte, openssl verifying the
// Sello). It then stamps the document with the sandbox PAC, its clock one
// hour after Fecha, and runs the oracles again on the stamped XML, TFD
// cadena and SelloSAT included. The sealed XML is golden in testdata/documents/<name>.xml: PKCS#1
// v1.5 is deterministic and Fecha is fixed, so it never drifts; so is the
// stamped XML (<name>.stamped.xml), because the sandbox SAT certificate and
// key are generated once into testdata (sandbox-sat-<year>.cer/.key) and the
// stamper's clock and random source are fixed per document. With
// -update the file is rewritten, but only after the oracles accepted it; a
// missing tool is then a failure, never a skip.
func TestDocuments(t *testing.T) {
	t.Parallel()
	cases := documentCases()
	if len(cases) < 25 {
		t.Fatalf("documentCases() has %d documents, want at least 25", len(cases))
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("two documents named %s", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := tc.build()
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			if probs := cfdi.Validate(c, cfdi.ValidateOptions{}); len(probs) > 0 {
				t.Fatalf("Validate: %v", probs)
			}
			cert := docCSD(t, tc.csd, docFecha(t, c.Fecha))
			if err := cfdi.Seal(c, cert.Signer(), cert.X509); err != nil {
				t.Fatalf("Seal: %v", err)
			}
			xml, err := cfdi.Marshal(c)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			docCheckBuilt(t, c, xml)
			docGolden(t, tc.name+".xml", xml)
			docStamp(t, tc.name, c.Fecha, xml)
		})
	}
}

// docCheckBuilt runs the oracles on a sealed document and checks that it
// reads back to the same Comprobante and verifies.
func docCheckBuilt(t *testing.T, c *cfdi.Comprobante, xml []byte) {
	t.Helper()
	err := cfditest.Check(xml)
	switch {
	case errors.Is(err, cfditest.ErrToolMissing) && *update:
		t.Fatalf("refusing to -update without the SAT oracles: %v", err)
	case errors.Is(err, cfditest.ErrToolMissing):
		cfditest.SkipOrFail(t, "oracle: %v", err)
	case err != nil:
		t.Fatalf("oracle rejects the document: %v\n%s", err, xml)
	}
	doc, err := cfdi.Parse(xml)
	if err != nil {
		t.Fatalf("Parse(Marshal(c)): %v", err)
	}
	if diff := cmp.Diff(c, doc.Comprobante); diff != "" {
		t.Errorf("Parse(Marshal(c)) (-built +read):\n%s", diff)
	}
	cadena, err := cfdi.CadenaOriginal(c)
	if err != nil {
		t.Fatalf("CadenaOriginal: %v", err)
	}
	if got, err := doc.CadenaOriginal(); err != nil || got != cadena {
		t.Errorf("cadena of the read document differs from the built one (%v):\nbuilt %s\nread  %s", err, cadena, got)
	}
	if r := doc.Verify(nil); !r.OK() {
		t.Errorf("Verify: %v", r.Failures)
	}
}

// docGolden compares xml with testdata/documents/name, or rewrites it with
// -update. Callers run the oracles first and fail before reaching here when
// they reject the document.
func docGolden(t *testing.T, name string, xml []byte) {
	t.Helper()
	path := filepath.Join("testdata", "documents", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, xml, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cfdi -run TestDocuments -update)", err)
	}
	if !bytes.Equal(want, xml) {
		t.Errorf("%s mismatch (-want +got):\n%s", path, cmp.Diff(string(want), string(xml)))
	}
}

// docLocation is where the documents are issued; Fecha is local time there.
var docLocation = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		return time.FixedZone("CST", -6*3600)
	}
	return loc
})

// docFecha parses a Fecha as local time in Mexico City.
func docFecha(t testing.TB, fecha string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02T15:04:05", fecha, docLocation())
	if err != nil {
		t.Fatalf("Fecha %q: %v", fecha, err)
	}
	return at
}

// docCSD loads the test CSD sat/csd/<dir> as valid at the time at.
func docCSD(t testing.TB, dir string, at time.Time) *csd.CSD {
	t.Helper()
	base := filepath.Join(cfditest.SATDir(t), "csd", dir)
	matches, err := filepath.Glob(filepath.Join(base, "*.cer"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("no single .cer in %s", base)
	}
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	cer := read(matches[0])
	key := read(matches[0][:len(matches[0])-len(".cer")] + ".key")
	c, err := csd.Load(cer, key, read(filepath.Join(base, "password.txt")), at)
	if err != nil {
		t.Fatalf("csd.Load(%s): %v", dir, err)
	}
	return c
}
