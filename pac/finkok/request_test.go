package finkok_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sello-mx/sello/pac/finkok"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, rewriting it first with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (rerun with -update)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file:\nwant %s\ngot  %s", path, want, got)
	}
}

// TestRequests pins what the adapter sends for each operation: the wire
// format of docs/PAC.md, under a fixed random source.
func TestRequests(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	bodies := map[string][]byte{}
	paths := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.Trim(r.Header.Get("SOAPAction"), `"`)
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies[op], paths[op] = body, r.URL.Path
		mu.Unlock()
		if ct := r.Header.Get("Content-Type"); ct != "text/xml; charset=utf-8" || r.Method != http.MethodPost {
			t.Errorf("%s: %s with Content-Type %q, want POST text/xml; charset=utf-8", op, r.Method, ct)
		}
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	p, err := finkok.New(finkok.Config{URL: srv.URL + "/servicios/soap", Username: "sello@example.com", Password: "s3cr3t&<pass>", Rand: rand.NewChaCha8([32]byte{3})})
	if err != nil {
		t.Fatal(err)
	}
	b := setup(t, options{})
	req := cancelRequest(t, b, "40")
	req.UUID, req.Motive, req.Substitution = "5fb2822e-396d-4725-8521-cdc4bdd20ccf", "01", "4738AA21-ED8E-57D4-91D9-5D14F232FD1B"
	ctx := context.Background()
	in := invoice(t, "40")
	_, _ = p.Stamp(ctx, in)
	_, _ = p.Stamped(ctx, in)
	_, _ = p.Cancel(ctx, req)
	_, _ = p.CancellationStatus(ctx, req)
	mu.Lock()
	defer mu.Unlock()
	for op, path := range map[string]string{
		"stamp": "/servicios/soap/stamp", "stamped": "/servicios/soap/stamp",
		"cancel": "/servicios/soap/cancel", "get_sat_status": "/servicios/soap/cancel",
	} {
		if paths[op] != path {
			t.Errorf("%s went to %q, want %q", op, paths[op], path)
		}
		golden(t, op+"-request.xml", bodies[op])
	}
}
