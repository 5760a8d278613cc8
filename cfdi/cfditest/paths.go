// Package cfditest helps tests in any package check CFDI documents against
// the SAT's own tools: the XSD (xmllint), the cadena XSLT (xsltproc) and the
// seal (openssl). It also finds the repository root and the shared SAT
// reference folder. It imports only cfdi and the standard library.
package cfditest

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the directory holding go.mod, found by walking up from
// the test's working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("RepoRoot: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("RepoRoot: no go.mod above the working directory")
		}
		dir = parent
	}
}

// SharedDir returns <repo root>/../shared, the read-only reference folder.
// It skips the test when the folder is missing, or fails it when the
// environment variable CI is set.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(RepoRoot(t), "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "sat")); err != nil {
		SkipOrFail(t, "shared reference folder not found: %v", err)
	}
	return dir
}

// SATDir returns <shared>/sat.
func SATDir(t testing.TB) string {
	t.Helper()
	return filepath.Join(SharedDir(t), "sat")
}

// SkipOrFail skips the test with the message, or fails it when the
// environment variable CI is set: in CI every oracle must run.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}
