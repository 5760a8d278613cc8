package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello/cfdi/cfditest"
)

func TestCfdiVerify(t *testing.T) {
	t.Parallel()
	sat := filepath.Join(cfditest.SharedDir(t), "sat")
	signed, _ := filepath.Glob(filepath.Join(sat, "samples", "signed", "*.xml"))
	negative, _ := filepath.Glob(filepath.Join(sat, "samples", "negative", "*.xml"))
	if len(signed) < 30 || len(negative) < 4 {
		t.Fatalf("samples missing: %d signed, %d negative", len(signed), len(negative))
	}
	certs := "--sat-certs=" + filepath.Join(sat, "sat-certs")

	verify := func(files ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"sello", "cfdi", "verify", certs}, files...), getenvFrom(nil), &out, &errOut)
		return out.String(), err
	}

	// Without a Sello database at --db, verify makes none; a file that is
	// not one is left as it was, with a note: the real SAT's certificates
	// check the samples either way.
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{filepath.Join(dir, "none.db"), junk} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"sello", "cfdi", "verify", certs, "--db", db, signed[0]}, getenvFrom(nil), &out, &errOut)
		if err != nil || !strings.HasPrefix(out.String(), "OK ") {
			t.Errorf("cfdi verify --db %s: %v\n%s%s", filepath.Base(db), err, out.String(), errOut.String())
		}
		if b, _ := os.ReadFile(junk); string(b) != "not a database" {
			t.Errorf("cfdi verify changed %s", junk)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !os.IsNotExist(err) {
		t.Errorf("cfdi verify made a database file: %v", err)
	}

	out, err := verify(signed...)
	if err != nil {
		t.Fatalf("cfdi verify signed samples: %v\n%s", err, out)
	}
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "OK ") {
			n++
		}
	}
	if n != len(signed) {
		t.Errorf("cfdi verify printed %d OK lines for %d files:\n%s", n, len(signed), out)
	}

	reasons := map[string]string{
		"tampered-accent-g02.xml":             "sello:",
		"tampered-nocertificado-g04.xml":      "nocertificado:",
		"tampered-tfd-fechatimbrado-real.xml": "sellosat:",
		"tampered-total-g01.xml":              "sello:",
	}
	for _, f := range negative {
		out, err := verify(f)
		if !errors.Is(err, errFilesFailed) {
			t.Errorf("cfdi verify %s: err = %v, want a failure", filepath.Base(f), err)
		}
		if want := reasons[filepath.Base(f)]; !strings.HasPrefix(out, "FAIL ") || !strings.Contains(out, want) {
			t.Errorf("cfdi verify %s printed %q, want FAIL naming %q", filepath.Base(f), out, want)
		}
	}
}
