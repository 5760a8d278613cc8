package cfdi_test

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/pac/sandbox"
)

// docAuthorityPassword protects the sandbox SAT keys kept in testdata. They
// are test keys of a fake authority, committed so that stamps are golden.
const docAuthorityPassword = "12345678a"

// docAuthorities holds the sandbox SAT certificate and key per year, read
// from testdata/documents/sandbox-sat-<year>.{cer,key} or, with -update,
// generated there once when missing.
var docAuthorities struct {
	sync.Mutex
	byYear map[int][2][]byte
}

// docAuthority returns the sandbox SAT of a year: valid four years from
// January 1st of that year, so it covers documents dated in it.
func docAuthority(t testing.TB, year int) (cer, key []byte) {
	t.Helper()
	docAuthorities.Lock()
	defer docAuthorities.Unlock()
	if a, ok := docAuthorities.byYear[year]; ok {
		return a[0], a[1]
	}
	base := filepath.Join("testdata", "documents", fmt.Sprintf("sandbox-sat-%d", year))
	cer, errC := os.ReadFile(base + ".cer")
	key, errK := os.ReadFile(base + ".key")
	if errC != nil || errK != nil {
		if !*update {
			t.Fatalf("sandbox SAT for %d missing (run go test ./cfdi -run TestDocuments -update): %v %v", year, errC, errK)
		}
		var err error
		seed := sha256.Sum256(fmt.Appendf(nil, "sandbox SAT %d", year))
		cer, key, err = sandbox.GenerateAuthority([]byte(docAuthorityPassword),
			time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), rand.NewChaCha8(seed))
		if err != nil {
			t.Fatalf("GenerateAuthority: %v", err)
		}
		if err := errors.Join(os.WriteFile(base+".cer", cer, 0o644), os.WriteFile(base+".key", key, 0o644)); err != nil {
			t.Fatal(err)
		}
	}
	if docAuthorities.byYear == nil {
		docAuthorities.byYear = map[int][2][]byte{}
	}
	docAuthorities.byYear[year] = [2][]byte{cer, key}
	return cer, key
}

// docPAC returns a sandbox PAC whose clock is one hour after Fecha and whose
// random source is seeded by the document's name.
func docPAC(t testing.TB, name, fecha string) *sandbox.PAC {
	t.Helper()
	at := docFecha(t, fecha)
	cer, key := docAuthority(t, at.Year())
	p, err := sandbox.New(sandbox.Config{
		Certificate: cer, Key: key, Password: []byte(docAuthorityPassword),
		Now:  func() time.Time { return at.Add(time.Hour) },
		Rand: rand.NewChaCha8(sha256.Sum256([]byte(name))),
		// The corpus's Fecha are fixtures in one zone, whatever their
		// LugarExpedicion (a border one's too).
		Zone: func(string) *time.Location { return docLocation() },
	})
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	return p
}

// docStamp stamps a sealed document with the sandbox PAC, runs the oracles
// on the result (SelloSAT with the sandbox certificate) and compares it with
// testdata/documents/<name>.stamped.xml.
func docStamp(t *testing.T, name, fecha string, sealed []byte) {
	t.Helper()
	pac := docPAC(t, name, fecha)
	st, err := pac.Stamp(context.Background(), sealed)
	if err != nil {
		t.Fatalf("sandbox Stamp: %v", err)
	}
	satCert := pac.Certificate().X509
	err = cfditest.Check(st.XML, cfditest.WithSATCert(satCert))
	switch {
	case errors.Is(err, cfditest.ErrToolMissing) && *update:
		t.Fatalf("refusing to -update without the SAT oracles: %v", err)
	case errors.Is(err, cfditest.ErrToolMissing):
		cfditest.SkipOrFail(t, "oracle: %v", err)
	case err != nil:
		t.Fatalf("oracle rejects the stamped document: %v", err)
	}
	doc, err := cfdi.Parse(st.XML)
	if err != nil {
		t.Fatalf("Parse(stamped): %v", err)
	}
	if doc.TFD == nil || doc.TFD.UUID != st.UUID || doc.TFD.SelloCFD != doc.Comprobante.Sello {
		t.Errorf("stamped TFD = %+v, want UUID %s and SelloCFD = Sello", doc.TFD, st.UUID)
	}
	byNumber := func(string) *x509.Certificate { return satCert }
	if r := doc.Verify(byNumber); !r.OK() {
		t.Errorf("Verify(stamped): %v", r.Failures)
	}
	docGolden(t, name+".stamped.xml", st.XML)
}
