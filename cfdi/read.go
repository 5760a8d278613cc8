package cfdi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Errors of Parse, for errors.Is.
var (
	// ErrNotXML means the bytes are not well-formed XML that Sello can read.
	ErrNotXML = errors.New("not well-formed XML")
	// ErrNotComprobante means the root element is not a cfdi:Comprobante of
	// CFDI 4.0 or 3.3 (matched by namespace URI, not by prefix).
	ErrNotComprobante = errors.New("not a CFDI Comprobante")
	// ErrUnsupportedVersion means the Comprobante is neither 4.0 nor 3.3.
	ErrUnsupportedVersion = errors.New("unsupported CFDI version")
)

// maxDepth bounds element nesting; CFDI documents need well under 20 levels.
const maxDepth = 200

// Document is a CFDI as received: the original bytes and what was read from
// them. Its cadena original is computed from the parsed tree, so attribute
// presence (Serie="" present but empty) and document order are honoured even
// where the Comprobante model cannot express them.
type Document struct {
	// Raw holds the bytes given to Parse; store these, never a re-serialisation.
	Raw []byte
	// Version is "4.0" or "3.3".
	Version string
	// Comprobante is the document mapped onto the model (3.3 as far as it fits).
	Comprobante *Comprobante
	// Addenda is the inner XML of cfdi:Addenda, verbatim; nil when absent.
	Addenda []byte
	// TFD is the stamp, nil when the document is not stamped.
	TFD *TimbreFiscalDigital
	// Pagos is the Pagos 2.0 complement, nil when absent.
	Pagos *Pagos

	root *node
}

// Parse reads a CFDI 4.0 or 3.3 document. Elements are matched by namespace
// URI. Complements without a model (Nómina, or anything else inside
// cfdi:Complemento or a concept's cfdi:ComplementoConcepto) are listed by
// namespace in Comprobante.Complemento.Unknown, so Marshal refuses the
// model. The errors wrap ErrNotXML, ErrNotComprobante or
// ErrUnsupportedVersion. Parse never panics.
func Parse(data []byte) (*Document, error) {
	root, addenda, err := readTree(data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Raw: data, root: root, Addenda: addenda}
	switch root.space {
	case NS:
		doc.Version = "4.0"
	case NS33:
		doc.Version = "3.3"
	}
	if v := root.get("Version"); v != doc.Version {
		return nil, fmt.Errorf("parse: %w: Version %q in namespace %s", ErrUnsupportedVersion, v, root.space)
	}
	doc.Comprobante = readComprobante(root)
	doc.Comprobante.Addenda = addenda
	doc.TFD = doc.Comprobante.Complemento.TFD
	doc.Pagos = doc.Comprobante.Complemento.Pagos
	return doc, nil
}

// readTree decodes data into a node tree rooted at a Comprobante. The content
// of the root's cfdi:Addenda is checked for well-formedness but returned as
// raw bytes instead of nodes: it is not sealed.
func readTree(data []byte) (root *node, addenda []byte, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	if root, addenda, ok := fastTree(data); ok {
		return root, addenda, nil
	}
	return readTreeXML(data)
}

// readTreeXML is readTree with encoding/xml, for every document fastTree
// declines; its answer is the reference fastTree must match.
func readTreeXML(data []byte) (root *node, addenda []byte, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	addendaDepth, addendaStart := 0, int64(0)
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			if root == nil {
				return nil, nil, fmt.Errorf("parse: %w: no root element", ErrNotXML)
			}
			return root, addenda, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("parse: %w: %v", ErrNotXML, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if addendaDepth > 0 {
				addendaDepth++
				continue
			}
			if root != nil && len(stack) == 0 {
				return nil, nil, fmt.Errorf("parse: %w: content after the root element", ErrNotXML)
			}
			if len(stack) >= maxDepth {
				return nil, nil, fmt.Errorf("parse: %w: elements nested deeper than %d", ErrNotXML, maxDepth)
			}
			n, err := newNode(t)
			if err != nil {
				return nil, nil, err
			}
			if root == nil {
				if n.local != "Comprobante" || (n.space != NS && n.space != NS33) {
					return nil, nil, fmt.Errorf("parse: %w: root element is {%s}%s", ErrNotComprobante, n.space, n.local)
				}
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
				if parent == root && n.space == root.space && n.local == "Addenda" {
					addendaDepth, addendaStart = 1, d.InputOffset()
				}
			}
			stack = append(stack, n)
		case xml.EndElement:
			if addendaDepth > 1 {
				addendaDepth--
				continue
			}
			if addendaDepth == 1 {
				addendaDepth = 0
				addenda = bytes.Clone(data[addendaStart:start])
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if addendaDepth > 0 {
				continue
			}
			if len(stack) == 0 {
				if len(bytes.Trim(t, " \t\r\n")) > 0 {
					return nil, nil, fmt.Errorf("parse: %w: text outside the root element", ErrNotXML)
				}
				continue
			}
			parent := stack[len(stack)-1]
			if _, templated := sheetFor(root.space)[qname{parent.space, parent.local}]; templated {
				continue // templates select elements only: this text never reaches the cadena
			}
			parent.kids = append(parent.kids, &node{text: string(t)})
		}
	}
}

// sheetFor returns the cadena stylesheet of the Comprobante namespace ns.
func sheetFor(ns string) stylesheet {
	if ns == NS33 {
		return cfdi33Sheet
	}
	return cfdi40Sheet
}

// newNode converts a start tag, refusing duplicate attributes (XML 1.0 §3.1
// "Unique Att Spec", which encoding/xml does not check).
func newNode(t xml.StartElement) (*node, error) {
	n := &node{space: t.Name.Space, local: t.Name.Local, attrs: make([]attr, 0, len(t.Attr))}
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		for _, b := range n.attrs {
			if b.local == a.Name.Local && b.space == a.Name.Space {
				return nil, fmt.Errorf("parse: %w: element %s has attribute %s twice", ErrNotXML, t.Name.Local, a.Name.Local)
			}
		}
		n.attrs = append(n.attrs, attr{space: a.Name.Space, local: a.Name.Local, value: a.Value})
	}
	return n, nil
}
