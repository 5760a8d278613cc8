package sandbox

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sello-mx/sello/cfdi"
)

// tfdSchemaLocation is the xsi:schemaLocation PACs write on the TFD.
const tfdSchemaLocation = cfdi.NSTFD + " http://www.sat.gob.mx/sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd"

// attrEscaper escapes an attribute value written between double quotes.
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// layout records where the parts of a Comprobante are in its bytes.
type layout struct {
	rootPrefix string // "cfdi:" or "" for a default namespace
	xsiBound   bool   // xmlns:xsi is declared on the root or the Complemento

	compFound     bool
	compSelfClose bool
	compName      string // the Complemento's qualified name as written
	compTagEnd    int64  // offset just after the Complemento start tag
	compEndTag    int64  // offset of "</…Complemento>"

	addenda int64 // offset of the first root-level Addenda, or -1
	rootEnd int64 // offset of "</…Comprobante>"
}

// insertTFD returns doc with t written as the last child of the root's
// cfdi:Complemento, which is created (before cfdi:Addenda, or else before
// the end of the Comprobante) when absent. No other byte changes.
func insertTFD(doc []byte, t *cfdi.TimbreFiscalDigital) ([]byte, error) {
	l, err := scan(doc)
	if err != nil {
		return nil, err
	}
	return place(doc, l, t), nil
}

// insertParsedTFD is insertTFD for a document cfdi.Parse has read, which is
// therefore well-formed: plain documents are laid out by scanParsed, the rest
// by scan.
func insertParsedTFD(doc []byte, t *cfdi.TimbreFiscalDigital) ([]byte, error) {
	if l, ok := scanParsed(doc); ok {
		return place(doc, l, t), nil
	}
	return insertTFD(doc, t)
}

// place writes t into doc at the points l found.
func place(doc []byte, l *layout, t *cfdi.TimbreFiscalDigital) []byte {
	el := tfdElement(t, !l.xsiBound)
	switch {
	case l.compFound && l.compSelfClose:
		// <cfdi:Complemento/> becomes <cfdi:Complemento>TFD</cfdi:Complemento>.
		at := int(l.compTagEnd) - len("/>")
		return splice(doc, at, int(l.compTagEnd), ">"+el+"</"+l.compName+">")
	case l.compFound:
		return splice(doc, int(l.compEndTag), int(l.compEndTag), el)
	}
	at := l.rootEnd
	if l.addenda >= 0 {
		at = l.addenda
	}
	comp := l.rootPrefix + "Complemento"
	return splice(doc, int(at), int(at), "<"+comp+">"+el+"</"+comp+">")
}

// scan walks the element tree to find the insertion points.
func scan(doc []byte) (*layout, error) {
	l := &layout{addenda: -1, rootEnd: -1}
	d := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read the CFDI: %w", err)
		}
		end := d.InputOffset()
		switch tok := tok.(type) {
		case xml.StartElement:
			l.start(doc, tok, depth, start, end)
			depth++
		case xml.EndElement:
			depth--
			l.end(tok, depth, start)
		}
	}
	if l.rootEnd < 0 {
		return nil, errors.New("read the CFDI: no end of the Comprobante")
	}
	return l, nil
}

// start notes the root's prefix and the root-level Complemento and Addenda.
func (l *layout) start(doc []byte, tok xml.StartElement, depth int, start, end int64) {
	switch {
	case depth == 0:
		l.rootPrefix = prefixOf(rawName(doc[start:end]))
		l.xsiBound = bindsXSI(tok)
	case depth == 1 && tok.Name.Space == cfdi.NS && tok.Name.Local == "Complemento" && !l.compFound:
		l.compFound = true
		l.compName = rawName(doc[start:end])
		l.compTagEnd = end
		l.compSelfClose = bytes.HasSuffix(doc[start:end], []byte("/>"))
		l.xsiBound = l.xsiBound || bindsXSI(tok)
	case depth == 1 && tok.Name.Space == cfdi.NS && tok.Name.Local == "Addenda" && l.addenda < 0:
		l.addenda = start
	}
}

// end notes where the Complemento and the root close.
func (l *layout) end(tok xml.EndElement, depth int, start int64) {
	switch {
	case depth == 0:
		l.rootEnd = start
	case depth == 1 && tok.Name.Space == cfdi.NS && tok.Name.Local == "Complemento" && l.compEndTag == 0:
		l.compEndTag = start
	}
}

// bindsXSI reports whether the element declares xmlns:xsi as the XML Schema
// instance namespace.
func bindsXSI(tok xml.StartElement) bool {
	for _, a := range tok.Attr {
		if a.Name.Space == "xmlns" && a.Name.Local == "xsi" && a.Value == cfdi.NSXSI {
			return true
		}
	}
	return false
}

// rawName returns the qualified name of a start tag as written: "<cfdi:X a=…" → "cfdi:X".
func rawName(tag []byte) string {
	tag = bytes.TrimPrefix(tag, []byte("<"))
	if i := bytes.IndexAny(tag, " \t\r\n/>"); i >= 0 {
		tag = tag[:i]
	}
	return string(tag)
}

// prefixOf returns "p:" for "p:Name" and "" for "Name".
func prefixOf(qname string) string {
	if i := strings.IndexByte(qname, ':'); i >= 0 {
		return qname[:i+1]
	}
	return ""
}

// splice returns doc with doc[from:to] replaced by s.
func splice(doc []byte, from, to int, s string) []byte {
	out := make([]byte, 0, len(doc)+len(s))
	out = append(out, doc[:from]...)
	out = append(out, s...)
	return append(out, doc[to:]...)
}

// tfdElement writes the TimbreFiscalDigital 1.1 element, declaring xsi
// itself when the document does not.
func tfdElement(t *cfdi.TimbreFiscalDigital, declareXSI bool) string {
	var b strings.Builder
	b.WriteString(`<tfd:TimbreFiscalDigital xmlns:tfd="` + cfdi.NSTFD + `"`)
	if declareXSI {
		b.WriteString(` xmlns:xsi="` + cfdi.NSXSI + `"`)
	}
	attr := func(name, v string) {
		if v != "" {
			b.WriteString(" " + name + `="` + attrEscaper.Replace(v) + `"`)
		}
	}
	attr("xsi:schemaLocation", tfdSchemaLocation)
	attr("Version", t.Version)
	attr("UUID", t.UUID)
	attr("FechaTimbrado", t.FechaTimbrado)
	attr("RfcProvCertif", t.RfcProvCertif)
	attr("Leyenda", t.Leyenda)
	attr("SelloCFD", t.SelloCFD)
	attr("NoCertificadoSAT", t.NoCertificadoSAT)
	attr("SelloSAT", t.SelloSAT)
	b.WriteString("/>")
	return b.String()
}
