package cfdi

import (
	"crypto/x509"
	"fmt"
)

// Check names one integrity check of Verify.
type Check string

// The integrity checks of a received document (CFDI.md, "What sello cfdi
// verify reports"). A failure of any of them means the file cannot be trusted.
const (
	CheckStructure     Check = "structure"     // XML and CFDI structure
	CheckComplement    Check = "complement"    // a complement without a cadena builder
	CheckCertificate   Check = "certificate"   // Certificado is not a certificate
	CheckNoCertificado Check = "nocertificado" // NoCertificado is not the certificate's number
	CheckSello         Check = "sello"         // Sello does not verify over the cadena
	CheckSelloCFD      Check = "sellocfd"      // TFD SelloCFD differs from Sello
	CheckSelloSAT      Check = "sellosat"      // TFD SelloSAT does not verify over the TFD cadena
	CheckNote          Check = "note"          // warnings only: something not checked
)

// Finding is one failure or warning of a verification.
type Finding struct {
	Check   Check
	Message string
}

// String returns "check: message", or only the message for a CheckNote.
func (f Finding) String() string {
	if f.Check == CheckNote {
		return f.Message
	}
	return string(f.Check) + ": " + f.Message
}

// Report is the verdict of Verify: integrity Failures, and Warnings that do
// not make the document fail (a stamp whose SAT certificate is unknown, …).
type Report struct {
	Failures []Finding
	Warnings []Finding
	// Cadena and CadenaTFD are the cadenas that were verified, when built.
	Cadena    string
	CadenaTFD string
}

// OK reports whether no integrity check failed.
func (r *Report) OK() bool { return len(r.Failures) == 0 }

// Failed reports whether the check failed.
func (r *Report) Failed(c Check) bool {
	for _, f := range r.Failures {
		if f.Check == c {
			return true
		}
	}
	return false
}

func (r *Report) fail(c Check, format string, args ...any) {
	r.Failures = append(r.Failures, Finding{c, fmt.Sprintf(format, args...)})
}

func (r *Report) warn(c Check, format string, args ...any) {
	r.Warnings = append(r.Warnings, Finding{c, fmt.Sprintf(format, args...)})
}

// Verify checks the integrity of a received document: its structure, the
// cadena original, the Sello against the embedded certificate, NoCertificado
// against that certificate's serial, and, when stamped, that the TFD SelloCFD
// equals Sello and that SelloSAT verifies over the TFD cadena with the SAT
// certificate satCert returns for NoCertificadoSAT (nil: unknown; satCert
// itself may be nil). A stamp whose NoCertificadoSAT is the issuer's own
// NoCertificado (a self-stamped test fixture) is checked with the embedded
// certificate and reported as a warning, since it is not a SAT stamp.
func (d *Document) Verify(satCert func(noCertificadoSAT string) *x509.Certificate) *Report {
	r := &Report{}
	if d.root == nil || d.Comprobante == nil {
		r.fail(CheckStructure, "%v", errNotParsed)
		return r
	}
	c := d.Comprobante
	d.checkStructure(r)
	cadena, err := d.CadenaOriginal()
	if err != nil {
		r.fail(CheckComplement, "%v", err)
	} else {
		r.Cadena = cadena
	}
	cert, err := parseCertificado(c.Certificado)
	if err != nil {
		r.fail(CheckCertificate, "%v", err)
	}
	if cert != nil {
		d.checkCertificateUse(r, cert)
		if no, err := NoCertificado(cert); err != nil {
			r.fail(CheckNoCertificado, "%v", err)
		} else if no != c.NoCertificado {
			r.fail(CheckNoCertificado, "NoCertificado %s is not the certificate number %s", c.NoCertificado, no)
		}
		if err == nil && r.Cadena != "" {
			if err := verifySignature(cert, r.Cadena, c.Sello); err != nil {
				r.fail(CheckSello, "Sello does not verify over the cadena original with the embedded certificate: %v", err)
			}
		}
	}
	d.verifyTFD(r, cert, satCert)
	return r
}

// checkStructure checks what the cadena and the seal rely on; the full XSD
// is the PAC's job and the oracle's (xmllint).
func (d *Document) checkStructure(r *Report) {
	c := d.Comprobante
	ns := d.root.space
	for _, name := range []string{"Emisor", "Receptor", "Conceptos"} {
		if len(d.root.children(ns, name)) != 1 {
			r.fail(CheckStructure, "Comprobante needs exactly one %s", name)
		}
	}
	if len(c.Conceptos) == 0 {
		r.fail(CheckStructure, "Conceptos has no Concepto")
	}
	for _, a := range []struct{ name, v string }{{"Sello", c.Sello}, {"Certificado", c.Certificado}, {"NoCertificado", c.NoCertificado}} {
		if a.v == "" {
			r.fail(CheckStructure, "Comprobante@%s is missing or empty", a.name)
		}
	}
	if d.Version == "3.3" {
		r.warn(CheckNote, "CFDI 3.3: read and verified, no longer issued")
	}
}

func (d *Document) verifyTFD(r *Report, cert *x509.Certificate, satCert func(string) *x509.Certificate) {
	t := d.TFD
	if t == nil {
		r.warn(CheckNote, "not stamped: no TimbreFiscalDigital")
		return
	}
	if t.Version != "1.1" {
		r.warn(CheckNote, "TimbreFiscalDigital version %q not checked", t.Version)
		return
	}
	if t.SelloCFD != d.Comprobante.Sello {
		r.fail(CheckSelloCFD, "TFD SelloCFD differs from the Comprobante Sello")
	}
	r.CadenaTFD, _ = d.CadenaTFD()
	var sat *x509.Certificate
	if satCert != nil {
		sat = satCert(t.NoCertificadoSAT)
	}
	if sat == nil && cert != nil && t.NoCertificadoSAT == d.Comprobante.NoCertificado {
		sat = cert
		r.warn(CheckNote, "self-stamped: SelloSAT made with the issuer's own certificate %s, not by the SAT", t.NoCertificadoSAT)
	}
	if sat == nil {
		r.warn(CheckNote, "TFD SelloSAT not checked: SAT certificate %s unknown", t.NoCertificadoSAT)
		return
	}
	if err := verifySignature(sat, r.CadenaTFD, t.SelloSAT); err != nil {
		r.fail(CheckSelloSAT, "TFD SelloSAT does not verify over the TFD cadena with certificate %s: %v", t.NoCertificadoSAT, err)
	}
}
