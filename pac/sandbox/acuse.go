package sandbox

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"time"
)

// The acuse is shaped like the SAT's cancellation acknowledgement: an Acuse
// with Fecha and RfcEmisor, the Folios in the cancellation namespace, and an
// XML-DSig Signature with Id "SelloSAT". The sandbox does not write a full
// XML-DSig (no SignedInfo, no canonicalisation): its SignatureValue is
// RSA-SHA256 (PKCS#1 v1.5) with the sandbox authority key over the acuse
// bytes as written, with the Signature element left out. VerifyAcuse checks
// it.
const (
	acuseNamespace = "http://cancelacfd.sat.gob.mx"
	dsigNamespace  = "http://www.w3.org/2000/09/xmldsig#"
	acuseHeader    = `<?xml version="1.0" encoding="utf-8"?>` + "\n"
	acuseEnd       = "</Acuse>"
)

// acuse writes and signs the acknowledgement of the cancellation of uuid.
func (p *PAC) acuse(rfcEmisor, uuid string, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(acuseHeader)
	b.WriteString(`<Acuse Fecha="` + now.In(p.mexico).Format(fechaLayout) + `" RfcEmisor="`)
	if err := xml.EscapeText(&b, []byte(rfcEmisor)); err != nil {
		return nil, err
	}
	b.WriteString(`"><Folios xmlns="` + acuseNamespace + `"><UUID>` + uuid + `</UUID><EstatusUUID>` + codeReceived + `</EstatusUUID></Folios>`)
	digest := sha256.Sum256(append(bytes.Clone(b.Bytes()), acuseEnd...))
	sig, err := p.authority.Signer().Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("sign acuse: %w", err)
	}
	b.WriteString(`<Signature xmlns="` + dsigNamespace + `" Id="SelloSAT">`)
	b.WriteString(`<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>`)
	b.WriteString(`<SignatureValue>` + base64.StdEncoding.EncodeToString(sig) + `</SignatureValue>`)
	b.WriteString(`<KeyInfo><KeyName>` + p.authority.NoCertificado + `</KeyName></KeyInfo></Signature>`)
	b.WriteString(acuseEnd)
	return b.Bytes(), nil
}

// VerifyAcuse checks the SignatureValue of an acuse the sandbox wrote
// against the sandbox authority's certificate (PAC.Certificate().X509).
func VerifyAcuse(acuse []byte, cert *x509.Certificate) error {
	start := bytes.Index(acuse, []byte(`<Signature xmlns="`+dsigNamespace+`"`))
	end := bytes.Index(acuse, []byte(`</Signature>`))
	if start < 0 || end < start {
		return errors.New("sandbox: acuse has no Signature")
	}
	value, ok := between(acuse[start:end], "<SignatureValue>", "</SignatureValue>")
	if !ok {
		return errors.New("sandbox: acuse has no SignatureValue")
	}
	sig, err := base64.StdEncoding.DecodeString(string(value))
	if err != nil {
		return fmt.Errorf("sandbox: acuse SignatureValue: %w", err)
	}
	signed := append(bytes.Clone(acuse[:start]), acuse[end+len("</Signature>"):]...)
	digest := sha256.Sum256(signed)
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("sandbox: the certificate has no RSA key")
	}
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
		return fmt.Errorf("sandbox: acuse signature: %w", err)
	}
	return nil
}

// between returns the bytes of s between the first open and the next close.
func between(s []byte, open, close string) ([]byte, bool) {
	i := bytes.Index(s, []byte(open))
	if i < 0 {
		return nil, false
	}
	rest := s[i+len(open):]
	j := bytes.Index(rest, []byte(close))
	if j < 0 {
		return nil, false
	}
	return rest[:j], true
}
