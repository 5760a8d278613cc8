package cfditest

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Golden compares got with the golden file at path. With update set (a
// test's -update flag) it first rewrites the file, but refuses XML (a path
// ending in .xml) that the SAT oracles reject: Check must pass with opts.
func Golden(t testing.TB, path string, got []byte, update bool, opts ...Option) {
	t.Helper()
	if update {
		if strings.HasSuffix(path, ".xml") {
			if err := Check(got, opts...); err != nil {
				t.Fatalf("refusing to write %s: %v", path, err)
			}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (rerun the test with -update)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file:\n%s", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff reports the first differing line of want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n-want " + wl + "\n+got  " + gl
		}
	}
	return "(same lines, different bytes)"
}
