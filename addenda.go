package sello

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// checkAddenda checks an invoice's addenda, written as the content of
// cfdi:Addenda (outside the cadena and the seal): one or more XML elements,
// well formed, each prefix declared (cfdi and xsi are, by the document's
// root), and nothing else but white space and comments between them. The
// error is a sentence to show after the field name.
func checkAddenda(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	scopes := []map[string]bool{{"cfdi": true, "xsi": true, "xml": true}}
	declared := func(prefix string) bool {
		for i := len(scopes) - 1; i >= 0; i-- {
			if scopes[i][prefix] {
				return true
			}
		}
		return false
	}
	elements, depth := 0, 0
	var open []xml.Name
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("must be well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			scope := map[string]bool{}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					scope[a.Name.Local] = true
				}
			}
			scopes = append(scopes, scope)
			if t.Name.Space != "" && !declared(t.Name.Space) {
				return fmt.Errorf("must declare the namespace prefix %q of <%s:%s>", t.Name.Space, t.Name.Space, t.Name.Local)
			}
			for _, a := range t.Attr {
				if a.Name.Space != "" && a.Name.Space != "xmlns" && !declared(a.Name.Space) {
					return fmt.Errorf("must declare the namespace prefix %q of the attribute %s:%s", a.Name.Space, a.Name.Space, a.Name.Local)
				}
			}
			if depth == 0 {
				elements++
			}
			depth++
			open = append(open, t.Name)
		case xml.EndElement:
			if depth == 0 || open[len(open)-1] != t.Name {
				return fmt.Errorf("must be well-formed XML: </%s> closes no open element", qualified(t.Name))
			}
			depth--
			open = open[:len(open)-1]
			scopes = scopes[:len(scopes)-1]
		case xml.CharData:
			if depth == 0 && strings.TrimSpace(string(t)) != "" {
				return errors.New("must hold XML elements only: text outside an element")
			}
		case xml.Directive, xml.ProcInst:
			return errors.New("must hold XML elements only: no declarations or processing instructions")
		}
	}
	if depth != 0 {
		return errors.New("must be well-formed XML: an element is not closed")
	}
	if elements == 0 {
		return errors.New("must hold at least one XML element")
	}
	return nil
}

// qualified is a raw name as written: prefix:local.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}
