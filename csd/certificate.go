package csd

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// oidUniqueIdentifier is x500UniqueIdentifier, where the SAT writes the RFC.
var oidUniqueIdentifier = asn1.ObjectIdentifier{2, 5, 4, 45}

// rfcPattern is the shape of an RFC (t_RFC in the SAT's tdCFDI.xsd, without
// the check digit, which the sat package verifies).
var rfcPattern = regexp.MustCompile(`^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$`)

// Certificate is a SAT certificate (CSD or FIEL) with the fields the SAT
// encodes in it.
type Certificate struct {
	// X509 is the parsed certificate.
	X509 *x509.Certificate
	// NoCertificado is the certificate number: the serial number's bytes read
	// as ASCII, 20 digits ("30001000000500003416").
	NoCertificado string
	// RFC is the holder's RFC from the subject's x500UniqueIdentifier. For a
	// persona moral the SAT writes "RFC / representative RFC"; this is the
	// first one.
	RFC string
	// Name is the holder's name (subject CN, or O when there is no CN).
	Name string
	// NotBefore and NotAfter bound the certificate's validity.
	NotBefore, NotAfter time.Time
}

// ParseCertificate parses a SAT certificate in DER (a .cer file) or PEM.
// Errors wrap ErrNotACertificate.
func ParseCertificate(data []byte) (*Certificate, error) {
	der := data
	if b, ok := pemBlock(data, "CERTIFICATE"); ok {
		der = b
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotACertificate, err)
	}
	no := string(c.SerialNumber.Bytes())
	if !isDigits(no, 20) {
		return nil, fmt.Errorf("%w: serial number %x is not a 20-digit certificate number", ErrNotACertificate, c.SerialNumber.Bytes())
	}
	rfc := subjectRFC(c)
	if !rfcPattern.MatchString(rfc) {
		return nil, fmt.Errorf("%w: subject has no RFC (OID 2.5.4.45), found %q", ErrNotACertificate, rfc)
	}
	name := c.Subject.CommonName
	if name == "" && len(c.Subject.Organization) > 0 {
		name = c.Subject.Organization[0]
	}
	return &Certificate{X509: c, NoCertificado: no, RFC: rfc, Name: name, NotBefore: c.NotBefore, NotAfter: c.NotAfter}, nil
}

// IsCSD reports whether the certificate is a CSD rather than a FIEL: a CSD
// has an organizational unit (the branch) and key usage digitalSignature and
// nonRepudiation only; a FIEL has no OU and wider usages (PAC code 306).
func (c *Certificate) IsCSD() bool {
	const csdUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
	return len(c.X509.Subject.OrganizationalUnit) > 0 && c.X509.KeyUsage == csdUsage
}

// CheckValidity returns an error wrapping ErrNotYetValid or ErrExpired unless
// at lies within the certificate's validity (both ends included).
func (c *Certificate) CheckValidity(at time.Time) error {
	if at.Before(c.NotBefore) {
		return fmt.Errorf("%w: certificate %s is valid from %s", ErrNotYetValid, c.NoCertificado, c.NotBefore.UTC().Format(time.RFC3339))
	}
	if at.After(c.NotAfter) {
		return fmt.Errorf("%w: certificate %s expired on %s", ErrExpired, c.NoCertificado, c.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}

// Certificado returns the certificate as the Comprobante's Certificado
// attribute: standard base64 of the DER bytes, one line.
func (c *Certificate) Certificado() string {
	return base64.StdEncoding.EncodeToString(c.X509.Raw)
}

// subjectRFC returns the first RFC of the subject's x500UniqueIdentifier.
func subjectRFC(c *x509.Certificate) string {
	for _, atv := range c.Subject.Names {
		if !atv.Type.Equal(oidUniqueIdentifier) {
			continue
		}
		s, ok := atv.Value.(string)
		if !ok {
			return ""
		}
		first, _, _ := strings.Cut(s, "/")
		return strings.ToUpper(strings.TrimSpace(first))
	}
	return ""
}

// isDigits reports whether s is exactly n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// pemBlock returns the bytes of the first PEM block in data whose type is one
// of types, when data is PEM.
func pemBlock(data []byte, types ...string) ([]byte, bool) {
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN ")) {
		return nil, false
	}
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, false
		}
		for _, t := range types {
			if b.Type == t {
				return b.Bytes, true
			}
		}
	}
}

// CheckRFC returns an error wrapping ErrRFCMismatch unless the certificate
// belongs to rfc (compared without regard to case).
func (c *Certificate) CheckRFC(rfc string) error {
	if !strings.EqualFold(strings.TrimSpace(rfc), c.RFC) {
		return fmt.Errorf("%w: certificate %s is for %s, not %s", ErrRFCMismatch, c.NoCertificado, c.RFC, rfc)
	}
	return nil
}
