//go:build fastrsa && !cgo

package rsasign_test

import "testing"

// TestFastBuildHasCgo fails a -tags fastrsa build without cgo, which would
// quietly sign with crypto/rsa.
func TestFastBuildHasCgo(t *testing.T) {
	t.Error("built with -tags fastrsa but without cgo (CGO_ENABLED=0 or no C compiler): crypto/rsa signs, not OpenSSL")
}
