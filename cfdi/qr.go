package cfdi

import "strings"

// qrBase is the SAT verification service the QR points to (Anexo 20, rubro
// III.B; CFDI.md §11).
const qrBase = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"

// QRExpression returns the text of the QR code of the printed version:
//
//	https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?id=UUID&re=RFC&rr=RFC&tt=TOTAL&fe=LAST8
//
// id is the TFD UUID ("" when not stamped); re and rr are the RFCs
// XML-escaped (H&E951128469 → H&amp;E951128469); tt is Total with six
// decimals, trailing zeros removed but one decimal kept (918.38, 1000.0);
// fe is the last eight characters of Sello. Nothing is percent-encoded.
func QRExpression(c *Comprobante) string {
	uuid := ""
	if c.Complemento.TFD != nil {
		uuid = c.Complemento.TFD.UUID
	}
	fe := c.Sello
	if len(fe) > 8 {
		fe = fe[len(fe)-8:]
	}
	var b strings.Builder
	b.Grow(len(qrBase) + 120)
	b.WriteString(qrBase)
	b.WriteString("?id=")
	b.WriteString(uuid)
	b.WriteString("&re=")
	b.WriteString(xmlEscape(c.Emisor.Rfc))
	b.WriteString("&rr=")
	b.WriteString(xmlEscape(c.Receptor.Rfc))
	b.WriteString("&tt=")
	b.WriteString(qrTotal(c.Total))
	b.WriteString("&fe=")
	b.WriteString(fe)
	return b.String()
}

// qrTotal formats a decimal string with at most six decimals, trailing
// zeros removed and at least one decimal: "918.380000" → "918.38",
// "1000" → "1000.0". A valid Total never has more than six decimals; extra
// ones are cut, not rounded (amounts are opaque text in this package).
func qrTotal(total string) string {
	intPart, frac, _ := strings.Cut(strings.TrimSpace(total), ".")
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if len(frac) > 6 {
		frac = frac[:6]
	}
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		frac = "0"
	}
	return intPart + "." + frac
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// xmlEscape escapes the five XML special characters.
func xmlEscape(s string) string { return xmlEscaper.Replace(s) }
