// Package csd reads the SAT's Certificado de Sello Digital: the issuer's
// certificate (.cer, DER X.509) and its private key (.key, PKCS#8
// EncryptedPrivateKeyInfo protected by the CSD password).
//
// Go's standard library has no PBES2, so this package decrypts (and, for the
// sandbox, encrypts) PKCS#8 keys itself on top of crypto/pbkdf2 and the CBC
// ciphers. It also reads what the certificate says about the issuer: the
// NoCertificado (the serial read as ASCII), the RFC (subject OID 2.5.4.45) and
// whether it is a CSD or a FIEL (e.firma). See CFDI.md §6.
package csd

import (
	"crypto"
	"crypto/rsa"
	"errors"
	"fmt"
	"time"

	"github.com/sello-mx/sello/rsasign"
)

// The errors of this package. Every error it returns wraps exactly one of
// them, so callers branch with errors.Is.
var (
	// ErrNotACertificate means the .cer is not an X.509 certificate in the
	// SAT's shape (20-digit serial, RFC in the subject).
	ErrNotACertificate = errors.New("csd: not a SAT certificate")
	// ErrNotAKey means the .key is not a private key file this package reads
	// (PKCS#8, encrypted with PBES2, or unencrypted with an empty password).
	ErrNotAKey = errors.New("csd: not a supported private key file")
	// ErrWrongPassword means the key file is well formed but the password
	// does not decrypt it.
	ErrWrongPassword = errors.New("csd: wrong password for the private key")
	// ErrKeyMismatch means the private key does not belong to the certificate.
	ErrKeyMismatch = errors.New("csd: private key does not match the certificate")
	// ErrNotYetValid means the certificate's validity starts after the given time.
	ErrNotYetValid = errors.New("csd: certificate not yet valid")
	// ErrExpired means the certificate's validity ended before the given time.
	ErrExpired = errors.New("csd: certificate expired")
	// ErrNotCSD means the certificate is a FIEL (e.firma), which cannot seal
	// a CFDI (PAC code 306).
	ErrNotCSD = errors.New("csd: certificate is a FIEL, not a CSD")
	// ErrRFCMismatch means the certificate belongs to another RFC (PAC code 303).
	ErrRFCMismatch = errors.New("csd: certificate RFC does not match")
)

// CSD is a checked certificate and private key pair that can seal CFDI.
// The embedded Certificate gives RFC, NoCertificado, NotAfter and the X.509
// certificate itself.
type CSD struct {
	*Certificate
	key    *rsa.PrivateKey
	signer crypto.Signer
}

// Load parses a .cer and a .key with the key's password and checks that they
// form a usable CSD at the time at: the key matches the certificate, the
// certificate is a CSD and not a FIEL, and at lies within its validity.
// PEM-wrapped input is accepted too. Errors wrap ErrNotACertificate,
// ErrNotAKey, ErrWrongPassword, ErrKeyMismatch, ErrNotCSD, ErrNotYetValid or
// ErrExpired.
func Load(cer, key, password []byte, at time.Time) (*CSD, error) {
	cert, err := ParseCertificate(cer)
	if err != nil {
		return nil, err
	}
	k, err := ParsePrivateKey(key, password)
	if err != nil {
		return nil, err
	}
	if !k.PublicKey.Equal(cert.X509.PublicKey) {
		return nil, fmt.Errorf("%w (certificate %s)", ErrKeyMismatch, cert.NoCertificado)
	}
	if !cert.IsCSD() {
		return nil, fmt.Errorf("%w (certificate %s)", ErrNotCSD, cert.NoCertificado)
	}
	if err := cert.CheckValidity(at); err != nil {
		return nil, err
	}
	signer, err := rsasign.New(k)
	if err != nil {
		return nil, fmt.Errorf("csd: certificate %s: %w", cert.NoCertificado, err)
	}
	return &CSD{Certificate: cert, key: k, signer: signer}, nil
}

// Signer returns what seals with the private key (RSA PKCS#1 v1.5 with
// SHA-256): the backend of package rsasign, crypto/rsa or, built with
// -tags fastrsa, OpenSSL. Both give the same signatures.
func (c *CSD) Signer() crypto.Signer { return c.signer }

// PrivateKey returns the private key itself, for what needs its bytes (a
// PAC's cancellation request carries it). Sign with Signer.
func (c *CSD) PrivateKey() *rsa.PrivateKey { return c.key }
