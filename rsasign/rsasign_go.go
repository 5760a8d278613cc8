//go:build !(fastrsa && cgo)

package rsasign

import (
	"crypto"
	"crypto/rsa"
	"errors"
)

// New returns a signer for k. In this build it is k itself: crypto/rsa
// signs.
func New(k *rsa.PrivateKey) (crypto.Signer, error) {
	if k == nil {
		return nil, errors.New("rsasign: no key")
	}
	return k, nil
}

// Backend names what signs in this build: "go" (crypto/rsa).
func Backend() string { return "go" }
