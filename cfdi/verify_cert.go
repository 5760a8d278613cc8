package cfdi

import (
	"crypto/x509"
	"encoding/asn1"
	"strings"
	"time"
)

// oidUniqueIdentifier is x500UniqueIdentifier (2.5.4.45), where SAT
// certificates carry the RFC: "EKU9003173C9 / VADA800927DJ3" for a company
// (the company, then its legal representative), "XIQB891116QE4" for a person.
var oidUniqueIdentifier = asn1.ObjectIdentifier{2, 5, 4, 45}

// certificateRFC returns the holder's RFC from a SAT certificate, "" if absent.
func certificateRFC(cert *x509.Certificate) string {
	for _, n := range cert.Subject.Names {
		if n.Type.Equal(oidUniqueIdentifier) {
			if s, ok := n.Value.(string); ok {
				rfc, _, _ := strings.Cut(s, "/")
				return strings.TrimSpace(rfc)
			}
		}
	}
	return ""
}

// checkCertificateUse adds warnings for what the PAC checked at stamping and
// a received document can only report: the CSD belongs to the Emisor (PAC
// 303) and was valid at Fecha (PAC 305). Fecha has no zone; a day of slack
// covers every Mexican time zone.
func (d *Document) checkCertificateUse(r *Report, cert *x509.Certificate) {
	c := d.Comprobante
	if rfc := certificateRFC(cert); rfc != "" && rfc != c.Emisor.Rfc {
		r.warn(CheckNote, "the certificate belongs to %s, not to the Emisor %s (PAC 303)", rfc, c.Emisor.Rfc)
	}
	fecha, err := time.Parse("2006-01-02T15:04:05", c.Fecha)
	if err != nil {
		return // the XSD pattern check (CFDI40101) reports it
	}
	const slack = 24 * time.Hour
	if fecha.Before(cert.NotBefore.Add(-slack)) || fecha.After(cert.NotAfter.Add(slack)) {
		r.warn(CheckNote, "Fecha %s is outside the certificate's validity %s to %s (PAC 305)",
			c.Fecha, cert.NotBefore.Format(time.DateOnly), cert.NotAfter.Format(time.DateOnly))
	}
}
