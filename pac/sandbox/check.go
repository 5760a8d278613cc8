package sandbox

import (
	"encoding/base64"
	"strings"
	"time"

	sello "github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi"
	"github.com/sello-mx/sello/csd"
	"github.com/sello-mx/sello/pac"
)

// check runs a PAC's checks on a sealed CFDI, in the order a PAC reports
// them, and returns the parsed document or the first refusal.
func (p *PAC) check(sealedXML []byte, now time.Time) (*cfdi.Document, error) {
	doc, err := cfdi.Parse(sealedXML)
	if err != nil {
		return nil, pac.Reject(pac.CodeStructure, "", "the document is not a CFDI: "+err.Error())
	}
	c := doc.Comprobante
	if doc.Version != "4.0" {
		return nil, pac.Reject(pac.CodeStructure, "Version", "only CFDI 4.0 is stamped")
	}
	if doc.TFD != nil {
		return nil, pac.Reject(pac.CodeStamped, "Complemento", "the CFDI already has a TimbreFiscalDigital")
	}
	r := doc.Verify(nil)
	for _, f := range r.Failures {
		if f.Check == cfdi.CheckStructure || f.Check == cfdi.CheckComplement {
			return nil, pac.Reject(pac.CodeStructure, "", f.Message)
		}
	}
	if r.Failed(cfdi.CheckCertificate) {
		return nil, pac.Reject(pac.CodeSello, "Certificado", "Certificado is not a base64 X.509 certificate")
	}
	cert, err := p.certificate(c.Certificado)
	if err != nil {
		return nil, pac.Reject(pac.CodeNotSAT, "Certificado", "the certificate has not the SAT's shape (20-digit number, RFC)")
	}
	if r.Failed(cfdi.CheckNoCertificado) {
		return nil, pac.Reject(pac.CodeSello, "NoCertificado", "NoCertificado is not the number of the certificate")
	}
	if r.Failed(cfdi.CheckSello) {
		return nil, pac.Reject(pac.CodeSello, "Sello", "Sello does not verify over the cadena original")
	}
	if err := p.checkCertificate(c, cert, now); err != nil {
		return nil, err
	}
	// A PAC applies the SAT's CFDI40xxx rules too; the sandbox refuses what
	// Validate finds, so test mode fails where production would.
	if problems := cfdi.Validate(c, cfdi.ValidateOptions{}); len(problems) > 0 {
		return nil, rejectRules(problems)
	}
	return doc, nil
}

// rejectRules is the refusal of a document that breaks CFDI40xxx rules: one
// field error per problem, with the rule's code.
func rejectRules(problems []cfdi.Problem) *sello.Error {
	e := &sello.Error{Code: sello.StampRejected, Message: "the PAC rejected the CFDI"}
	for _, pr := range problems {
		e.Fields = append(e.Fields, sello.FieldError{Field: pr.Path, Problem: pr.Message, SATCode: pr.Code})
	}
	return e
}

// maxCachedCerts bounds the parsed certificates a PAC keeps; past it the
// cache starts again empty.
const maxCachedCerts = 256

// certificate parses the Certificado attribute, remembering the result by
// the attribute's text: an issuer sends the same certificate with every
// document. The parsed certificate is only read.
func (p *PAC) certificate(certificado string) (*csd.Certificate, error) {
	p.mu.Lock()
	cert := p.certs[certificado]
	p.mu.Unlock()
	if cert != nil {
		return cert, nil
	}
	cert, err := csd.ParseCertificate(decodeCertificado(certificado))
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.certs) >= maxCachedCerts {
		clear(p.certs)
	}
	p.certs[strings.Clone(certificado)] = cert // not a substring keeping a document alive
	return cert, nil
}

// checkCertificate applies the rules on the CSD and on Fecha: 306, 303, 305
// and 401. Fecha is the local time of LugarExpedicion.
func (p *PAC) checkCertificate(c *cfdi.Comprobante, cert *csd.Certificate, now time.Time) error {
	if !cert.IsCSD() {
		return pac.Reject(pac.CodeFIEL, "Certificado", "the CFDI was sealed with a FIEL (e.firma), not a CSD")
	}
	if err := cert.CheckRFC(c.Emisor.Rfc); err != nil {
		return pac.Reject(pac.CodeRFC, "Emisor.Rfc", "the certificate belongs to "+cert.RFC+", not to the Emisor")
	}
	fecha, err := time.ParseInLocation(fechaLayout, c.Fecha, p.zone(c.LugarExpedicion))
	if err != nil {
		return pac.Reject(pac.CodeStructure, "Fecha", "Fecha is not a date and time YYYY-MM-DDThh:mm:ss")
	}
	if err := cert.CheckValidity(fecha); err != nil {
		return pac.Reject(pac.CodeValidity, "Fecha", "Fecha is outside the validity of the certificate "+cert.NoCertificado)
	}
	if fecha.Before(now.Add(-window)) {
		return pac.Reject(pac.CodeFecha, "Fecha", "Fecha is more than 72 hours before the stamping time")
	}
	if fecha.After(now) {
		return pac.Reject(pac.CodeFecha, "Fecha", "Fecha is after the stamping time")
	}
	return nil
}

// decodeCertificado decodes the Certificado attribute, ignoring ASCII
// whitespace; undecodable input gives nil, which csd rejects.
func decodeCertificado(s string) []byte {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil
	}
	return der
}
