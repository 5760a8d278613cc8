package csd

import (
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"fmt"
	"io"
	"math/big"
	"time"
)

// SandboxSerialPrefix starts the NoCertificado of every sandbox certificate
// (the SAT's test certificates start with "30001000000").
const SandboxSerialPrefix = "3000100000"

// SandboxUnit is the organizational unit (the branch) of sandbox certificates.
const SandboxUnit = "SELLO SANDBOX"

// oidName is the X.520 name attribute, which the SAT repeats next to CN.
var oidName = asn1.ObjectIdentifier{2, 5, 4, 41}

// GenerateSandbox makes a test CSD for rfc: a certificate in the SAT's shape
// and its RSA-2048 key encrypted with password (see EncryptPrivateKey), so the
// pair goes through Load like a real one. Sello uses it in test mode for
// teams without an uploaded CSD, and for its sandbox "SAT" certificate.
//
// The certificate is self-signed: there is no sandbox certificate authority
// to trust or to keep. It has a 20-digit serial (SandboxSerialPrefix and ten
// digits read from random), the subject CN, name and O = name, OU =
// SandboxUnit, x500UniqueIdentifier = rfc, key usage digitalSignature and
// nonRepudiation, and the validity given, truncated to whole seconds.
//
// The serial, the validity and the key encryption's salt and IV come from
// the arguments and random, but since Go 1.26 crypto/rsa ignores random when
// generating the key, so two calls never return the same bytes (tests that
// need that use testing/cryptotest.SetGlobalRandom).
func GenerateSandbox(rfc, name string, password []byte, notBefore, notAfter time.Time, random io.Reader) (cerDER, keyDER []byte, err error) {
	if !rfcPattern.MatchString(rfc) {
		return nil, nil, fmt.Errorf("csd: sandbox certificate: RFC %q has not the shape of an RFC", rfc)
	}
	if name == "" || !notBefore.Before(notAfter) {
		return nil, nil, fmt.Errorf("csd: sandbox certificate: needs a name and a validity period")
	}
	serial, err := sandboxSerial(random)
	if err != nil {
		return nil, nil, err
	}
	key, err := rsa.GenerateKey(random, 2048)
	if err != nil {
		return nil, nil, fmt.Errorf("csd: sandbox certificate: %w", err)
	}
	tmpl := sandboxTemplate(rfc, name, serial, notBefore, notAfter)
	cerDER, err = x509.CreateCertificate(random, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("csd: sandbox certificate: %w", err)
	}
	keyDER, err = EncryptPrivateKey(key, password, random)
	if err != nil {
		return nil, nil, err
	}
	return cerDER, keyDER, nil
}

// sandboxSerial reads a NoCertificado: the prefix and ten digits from random.
func sandboxSerial(random io.Reader) (string, error) {
	var b [8]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return "", fmt.Errorf("csd: sandbox certificate: %w", err)
	}
	return fmt.Sprintf("%s%010d", SandboxSerialPrefix, binary.BigEndian.Uint64(b[:])%10_000_000_000), nil
}

// sandboxTemplate is the certificate of GenerateSandbox before signing.
func sandboxTemplate(rfc, name, serial string, notBefore, notAfter time.Time) *x509.Certificate {
	subject := pkix.Name{
		CommonName:         name,
		Organization:       []string{name},
		OrganizationalUnit: []string{SandboxUnit},
		Country:            []string{"MX"},
		ExtraNames: []pkix.AttributeTypeAndValue{
			{Type: oidName, Value: name},
			{Type: oidUniqueIdentifier, Value: rfc},
		},
	}
	return &x509.Certificate{
		SerialNumber:          new(big.Int).SetBytes([]byte(serial)),
		Subject:               subject,
		Issuer:                subject,
		NotBefore:             notBefore.UTC().Truncate(time.Second),
		NotAfter:              notAfter.UTC().Truncate(time.Second),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
		SignatureAlgorithm:    x509.SHA256WithRSA,
	}
}
