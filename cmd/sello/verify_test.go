package main

import (
	"bytes"
	"context"
	"errors"
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
