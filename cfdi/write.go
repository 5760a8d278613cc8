package cfdi

import (
	"fmt"
	"unicode/utf8"
)

// xmlHeader is the declaration Marshal writes (CFDI.md §2: UTF-8, no BOM).
const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>`

// Marshal returns c as a CFDI 4.0 XML document: UTF-8, the cfdi prefix,
// namespace declarations and xsi:schemaLocation on the root (Pagos 2.0
// added when c carries payments), elements in the order of the SAT XSD and
// attributes in the XSD's order, empty strings omitted. The TFD, when set,
// goes inside cfdi:Complemento with its own xmlns:tfd and schema location;
// the Addenda is written verbatim. The output is deterministic.
//
// Marshal refuses a Comprobante of another version than 4.0, with
// complements it cannot write (Complemento.Unknown), and text that XML cannot carry (control characters,
// invalid UTF-8).
func Marshal(c *Comprobante) ([]byte, error) {
	if err := checkIssuable(c); err != nil {
		return nil, fmt.Errorf("marshal: %w", err)
	}
	w := xmlWriter{buf: make([]byte, 0, 2048+1280*len(c.Conceptos)+len(c.Certificado)+len(c.Addenda))}
	w.buf = append(w.buf, xmlHeader...)
	w.comprobante(c)
	w.buf = append(w.buf, '\n')
	if w.err != nil {
		return nil, fmt.Errorf("marshal: %w", w.err)
	}
	return w.buf, nil
}

// checkIssuable refuses what Sello does not issue: versions other than 4.0
// (a model read from a 3.3 document) and complements without a model.
func checkIssuable(c *Comprobante) error {
	if c.Version != "" && c.Version != "4.0" {
		return fmt.Errorf("%w: Sello issues CFDI 4.0, not %q", ErrUnsupportedVersion, c.Version)
	}
	if len(c.Complemento.Unknown) > 0 {
		return fmt.Errorf("%w %s", ErrUnsupportedComplement, c.Complemento.Unknown[0])
	}
	return nil
}

// xmlWriter streams indented XML. Names are written as given (with their
// prefix); the first error sticks.
type xmlWriter struct {
	buf   []byte
	err   error
	names [12]string // open elements; CFDI nests at most 7 deep
	depth int
	// pending: the last start tag still lacks its '>' (it may become "/>").
	pending bool
	// raw: the current element holds verbatim inner XML.
	raw bool
}

// open starts an element with the non-empty attributes of kv, given as
// name, value pairs.
func (w *xmlWriter) open(name string, kv ...string) {
	if w.pending {
		w.buf = append(w.buf, '>')
	}
	w.newline(w.depth)
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, name...)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, kv[i]...)
		w.buf = append(w.buf, '=', '"')
		w.escape(kv[i], kv[i+1])
		w.buf = append(w.buf, '"')
	}
	w.names[w.depth] = name
	w.depth++
	w.pending = true
}

// leaf writes an element without children.
func (w *xmlWriter) leaf(name string, kv ...string) {
	w.open(name, kv...)
	w.close()
}

// inner writes verbatim inner XML into the open element.
func (w *xmlWriter) inner(b []byte) {
	w.buf = append(w.buf, '>')
	w.buf = append(w.buf, b...)
	w.pending = false
	w.raw = true
}

// close ends the innermost open element.
func (w *xmlWriter) close() {
	w.depth--
	switch {
	case w.pending:
		w.buf = append(w.buf, '/', '>')
	case w.raw:
		w.raw = false
		w.buf = append(w.buf, '<', '/')
		w.buf = append(w.buf, w.names[w.depth]...)
		w.buf = append(w.buf, '>')
	default:
		w.newline(w.depth)
		w.buf = append(w.buf, '<', '/')
		w.buf = append(w.buf, w.names[w.depth]...)
		w.buf = append(w.buf, '>')
	}
	w.pending = false
}

func (w *xmlWriter) newline(depth int) {
	w.buf = append(w.buf, '\n')
	for range depth {
		w.buf = append(w.buf, ' ', ' ')
	}
}

// escape appends an attribute value. Tab, newline and carriage return are
// written as character references so that a parser returns them unchanged;
// the cadena collapses them either way (normalize-space).
func (w *xmlWriter) escape(name, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' {
			i++
			continue
		}
		var esc string
		switch c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if (!isXMLChar(r) || (r == utf8.RuneError && n == 1)) && w.err == nil {
				w.err = fmt.Errorf("attribute %s: character %U cannot appear in XML", name, r)
			}
			i += n
			continue
		}
		w.buf = append(w.buf, s[last:i]...)
		w.buf = append(w.buf, esc...)
		i++
		last = i
	}
	w.buf = append(w.buf, s[last:]...)
}

// isXMLChar reports whether r is a Char of XML 1.0 (§2.2).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
