package cfdi

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// NoCertificado returns the SAT certificate number of cert: the bytes of its
// X.509 serial number read as ASCII, 20 digits (CFDI.md §6.3). A serial that
// is not 20 ASCII digits is an error: the certificate was not issued by the
// SAT or is not a CSD.
func NoCertificado(cert *x509.Certificate) (string, error) {
	if cert == nil || cert.SerialNumber == nil {
		return "", errors.New("no certificate")
	}
	s := string(cert.SerialNumber.Bytes())
	if len(s) != 20 || strings.Trim(s, "0123456789") != "" {
		return "", fmt.Errorf("certificate serial %x is not a 20-digit SAT certificate number", cert.SerialNumber.Bytes())
	}
	return s, nil
}

// Seal fills NoCertificado and Certificado from cert, builds the cadena
// original and sets Sello to its base64 RSA PKCS#1 v1.5 SHA-256 signature
// made with key (Anexo 20; CFDI.md §6.1). key must be the RSA key of cert.
// The signature is checked against the certificate before Seal returns
// (CFDI40102). PKCS#1 v1.5 is deterministic: the same input gives the same
// Sello. Seal does not run the CFDI40xxx rules: documents Sello issues are
// sealed through Issue, which refuses to seal one that fails them.
func Seal(c *Comprobante, key crypto.Signer, cert *x509.Certificate) error {
	no, err := NoCertificado(cert)
	if err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("seal: the certificate key is not RSA")
	}
	if !pub.Equal(key.Public()) {
		return errors.New("seal: the private key does not belong to the certificate")
	}
	c.NoCertificado = no
	c.Certificado = base64.StdEncoding.EncodeToString(cert.Raw)
	cadena, err := CadenaOriginal(c)
	if err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	digest := sha256.Sum256([]byte(cadena))
	sig, err := key.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return fmt.Errorf("seal: sign: %w", err)
	}
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
		return fmt.Errorf("seal: CFDI40102: the new Sello does not verify: %w", err)
	}
	c.Sello = base64.StdEncoding.EncodeToString(sig)
	return nil
}

// verifySignature checks a base64 RSA PKCS#1 v1.5 SHA-256 signature (Sello,
// SelloSAT) of text with the certificate's public key. ASCII whitespace inside
// the base64 is ignored.
func verifySignature(cert *x509.Certificate, text, b64 string) error {
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("the certificate key is not RSA")
	}
	sig, err := decodeBase64(b64)
	if err != nil {
		return fmt.Errorf("not valid base64: %w", err)
	}
	digest := sha256.Sum256([]byte(text))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig)
}

// decodeBase64 decodes standard base64, ignoring ASCII whitespace.
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	return base64.StdEncoding.DecodeString(s)
}

// certCache remembers parsed Certificado attributes by their text, since
// one issuer's documents all carry the same certificate. The certificates
// are only read. Past maxCachedCerts entries it starts again empty.
var certCache struct {
	sync.Mutex
	m map[string]*x509.Certificate
}

// maxCachedCerts bounds certCache.
const maxCachedCerts = 256

// parseCertificado decodes the Certificado attribute: base64 of DER X.509.
func parseCertificado(b64 string) (*x509.Certificate, error) {
	certCache.Lock()
	cert := certCache.m[b64]
	certCache.Unlock()
	if cert != nil {
		return cert, nil
	}
	cert, err := parseCertificadoUncached(b64)
	if err != nil {
		return nil, err
	}
	certCache.Lock()
	defer certCache.Unlock()
	if certCache.m == nil || len(certCache.m) >= maxCachedCerts {
		certCache.m = map[string]*x509.Certificate{}
	}
	certCache.m[strings.Clone(b64)] = cert // not a substring keeping a document alive
	return cert, nil
}

// parseCertificadoUncached is parseCertificado without the cache.
func parseCertificadoUncached(b64 string) (*x509.Certificate, error) {
	der, err := decodeBase64(b64)
	if err != nil {
		return nil, fmt.Errorf("Certificado is not valid base64: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("Certificado is not an X.509 certificate: %w", err)
	}
	return cert, nil
}
