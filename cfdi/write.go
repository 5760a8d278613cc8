package cfdi

import (
	"fmt"
	"unicode/utf8"
)

// xmlHeader is the declaration Marshal writes (CFDI.md §2: UTF-8, no BOM).
const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// Marshal returns c as a CFDI 4.0 XML document: UTF-8, the cfdi prefix,
// namespace declarations and xsi:schemaLocation on the root (Pagos 2.0
// added when c carries payments), elements in the order of the SAT XSD and
// attributes in the XSD's order, empty strings omitted. The TFD, when set,
// goes inside cfdi:Complemento with its own xmlns:tfd and schema location.
// The output is deterministic.
//
// Marshal refuses a Comprobante with complements it cannot write
// (Complemento.Unknown) and text that XML cannot carry (control characters,
// invalid UTF-8).
func Marshal(c *Comprobante) ([]byte, error) {
	if len(c.Complemento.Unknown) > 0 {
		return nil, fmt.Errorf("marshal: %w %s", ErrUnsupportedComplement, c.Complemento.Unknown[0])
	}
	w := xmlWriter{buf: make([]byte, 0, 2048+1024*len(c.Conceptos))}
	w.buf = append(w.buf, xmlHeader...)
	w.element(buildTree(c), 0)
	w.buf = append(w.buf, '\n')
	if w.err != nil {
		return nil, fmt.Errorf("marshal: %w", w.err)
	}
	return w.buf, nil
}

// prefixOf gives the prefix Sello writes for each namespace it uses.
func prefixOf(space string) string {
	switch space {
	case NS:
		return "cfdi"
	case NSPagos:
		return "pago20"
	case NSTFD:
		return "tfd"
	case NSXSI:
		return "xsi"
	case "xmlns":
		return "xmlns"
	}
	return ""
}

// xmlWriter writes a node tree as indented XML; the first error sticks.
type xmlWriter struct {
	buf []byte
	err error
}

func (w *xmlWriter) name(space, local string) {
	if p := prefixOf(space); p != "" {
		w.buf = append(w.buf, p...)
		w.buf = append(w.buf, ':')
	}
	w.buf = append(w.buf, local...)
}

func (w *xmlWriter) element(n *node, depth int) {
	w.indent(depth)
	w.buf = append(w.buf, '<')
	w.name(n.space, n.local)
	for i := range n.attrs {
		a := &n.attrs[i]
		w.buf = append(w.buf, ' ')
		w.name(a.space, a.local)
		w.buf = append(w.buf, '=', '"')
		w.escape(a.local, a.value)
		w.buf = append(w.buf, '"')
	}
	if len(n.kids) == 0 && len(n.raw) == 0 {
		w.buf = append(w.buf, '/', '>')
		return
	}
	w.buf = append(w.buf, '>')
	if len(n.raw) > 0 {
		w.buf = append(w.buf, n.raw...)
	} else {
		for _, k := range n.kids {
			w.buf = append(w.buf, '\n')
			w.element(k, depth+1)
		}
		w.buf = append(w.buf, '\n')
		w.indent(depth)
	}
	w.buf = append(w.buf, '<', '/')
	w.name(n.space, n.local)
	w.buf = append(w.buf, '>')
}

func (w *xmlWriter) indent(depth int) {
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
		size := 1
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
			if !isXMLChar(r) || (r == utf8.RuneError && n == 1) {
				if w.err == nil {
					w.err = fmt.Errorf("attribute %s: character %U cannot appear in XML", name, r)
				}
			}
			i += n
			continue
		}
		w.buf = append(w.buf, s[last:i]...)
		w.buf = append(w.buf, esc...)
		i += size
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
