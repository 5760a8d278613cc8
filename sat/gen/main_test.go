package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFileUpToDate regenerates the catalog data in memory and
// compares it with the committed sat/catalog_data.go.
func TestGeneratedFileUpToDate(t *testing.T) {
	t.Parallel()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "..", "shared", "sat", "catalogs")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("SAT catalogs missing: %v", err)
		}
		t.Skipf("SAT catalogs not available: %v", err)
	}
	got, err := generate(dir)
	if err != nil {
		t.Fatalf("generate(%s): %v", dir, err)
	}
	again, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Error("generate is not deterministic: two runs differ")
	}
	want, err := os.ReadFile(filepath.Join(root, "sat", "catalog_data.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("sat/catalog_data.go is stale: run `go generate ./sat`")
	}
}

func TestGenerateMissingDir(t *testing.T) {
	t.Parallel()
	if _, err := generate(t.TempDir()); err == nil {
		t.Error("generate(empty dir) succeeded, want an error")
	}
}
