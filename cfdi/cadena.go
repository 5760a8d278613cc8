package cfdi

import (
	"errors"
	"fmt"
	"slices"
)

// ErrUnsupportedComplement is wrapped by the errors of CadenaOriginal and
// Marshal for a complement Sello has no cadena builder for. The SAT XSLT
// would copy such a complement's text into the cadena (CFDI.md §5.5), so
// Sello refuses to guess.
var ErrUnsupportedComplement = errors.New("unsupported complement")

// errNotParsed is returned by Document methods on a Document not made by Parse.
var errNotParsed = errors.New("cfdi: Document was not made by Parse")

// CadenaOriginal returns the cadena original of a document Sello issues:
// CFDI 4.0, optionally with Pagos 2.0 (Anexo 20, cadenaoriginal_4_0.xslt).
// It is the text the Sello signs. Empty strings count as absent attributes.
// Other versions and complements without a model are errors (wrapping
// ErrUnsupportedVersion or ErrUnsupportedComplement).
func CadenaOriginal(c *Comprobante) (string, error) {
	if err := checkIssuable(c); err != nil {
		return "", fmt.Errorf("cadena original: %w", err)
	}
	return string(appendCadena(make([]byte, 0, 512+256*len(c.Conceptos)), c)), nil
}

// CadenaOriginal returns the cadena original of the document exactly as
// received: attribute presence, document order and values as parsed. It
// supports CFDI 4.0 and 3.3 with Pagos 2.0 (4.0 only), Nómina 1.2 and the
// TimbreFiscalDigital; any other complement is an error that names its
// namespace and wraps ErrUnsupportedComplement.
func (d *Document) CadenaOriginal() (string, error) {
	if d.root == nil {
		return "", errNotParsed
	}
	sheet, supported := sheetFor(d.root.space), supported40
	if d.Version == "3.3" {
		supported = supported33
	}
	if ns := unsupportedComplement(d.root, supported); ns != "" {
		return "", fmt.Errorf("cadena original: %w %s", ErrUnsupportedComplement, ns)
	}
	return string(cadena(nil, d.root, sheet)), nil
}

// unsupportedComplement returns the namespace of the first element, inside
// Complemento or a concept's ComplementoConcepto, that is not in supported.
// It looks at the whole subtree: the SAT stylesheet has templates for
// complements nested anywhere, which a partial transcription would miss.
func unsupportedComplement(root *node, supported []string) string {
	ns := root.space
	var check func(n *node) string
	check = func(n *node) string {
		for _, k := range n.kids {
			if k.local == "" {
				continue
			}
			if !slices.Contains(supported, k.space) {
				return k.space
			}
			if bad := check(k); bad != "" {
				return bad
			}
		}
		return ""
	}
	for _, c := range root.children(ns, "Complemento") {
		if bad := check(c); bad != "" {
			return bad
		}
	}
	for _, cs := range root.children(ns, "Conceptos") {
		for _, c := range cs.children(ns, "Concepto") {
			for _, cc := range c.children(ns, "ComplementoConcepto") {
				if bad := check(cc); bad != "" {
					return bad
				}
			}
		}
	}
	return ""
}

// cadena appends the cadena of the document rooted at root to b, as the
// stylesheet's root template does: "|", the Comprobante, "||".
func cadena(b []byte, root *node, sheet stylesheet) []byte {
	w := cadenaWriter{buf: b, sheet: sheet}
	w.buf = append(w.buf, '|')
	w.apply(root)
	w.buf = append(w.buf, '|', '|')
	return w.buf
}

// cadenaWriter runs a stylesheet over a tree.
type cadenaWriter struct {
	buf   []byte
	sheet stylesheet
}

// apply is xsl:apply-templates on one node: its template if it has one,
// otherwise XSLT's built-in rules (copy text, recurse into elements).
func (w *cadenaWriter) apply(n *node) {
	if n.local == "" {
		w.buf = append(w.buf, n.text...)
		return
	}
	ops, ok := w.sheet[qname{n.space, n.local}]
	if !ok {
		for _, k := range n.kids {
			w.apply(k)
		}
		return
	}
	w.run(n, ops)
}

// run executes the instructions of a template with n as the context node.
func (w *cadenaWriter) run(n *node, ops []op) {
	for i := range ops {
		o := &ops[i]
		switch o.kind {
		case opReq:
			v, _ := n.attr(o.name)
			w.field(v)
		case opOpt:
			if v, ok := n.attr(o.name); ok {
				w.field(v)
			}
		case opApply, opEach:
			if o.desc {
				w.descendants(n, o)
			} else {
				w.selectPath(n, o, o.path)
			}
		}
	}
}

// selectPath visits, in document order, the nodes that path selects below n.
func (w *cadenaWriter) selectPath(n *node, o *op, path []qname) {
	step := path[0]
	for _, k := range n.kids {
		if k.local == "" || (step.local != "*" && (k.local != step.local || k.space != step.space)) {
			continue
		}
		if len(path) > 1 {
			w.selectPath(k, o, path[1:])
		} else {
			w.visit(k, o)
		}
	}
}

// descendants visits, in document order, the descendants of n that match
// the single step of o (XPath ".//step").
func (w *cadenaWriter) descendants(n *node, o *op) {
	step := o.path[0]
	for _, k := range n.kids {
		if k.local == "" {
			continue
		}
		if k.local == step.local && k.space == step.space {
			w.visit(k, o)
		}
		w.descendants(k, o)
	}
}

func (w *cadenaWriter) visit(k *node, o *op) {
	if o.kind == opEach {
		w.run(k, o.body)
	} else {
		w.apply(k)
	}
}

// field writes "|" and the value after XPath normalize-space.
func (w *cadenaWriter) field(v string) {
	w.buf = append(w.buf, '|')
	w.buf = appendNormalized(w.buf, v)
}

// isSpace reports whether c is XPath whitespace: only space, tab, CR and LF
// (XPath 1.0 §4.2 normalize-space; CFDI.md §5.2). U+00A0 is not whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendNormalized appends normalize-space(s) to b. Working on bytes is safe:
// the four whitespace characters are ASCII and never part of a UTF-8 sequence.
func appendNormalized(b []byte, s string) []byte {
	if !needsNormalizing(s) {
		return append(b, s...)
	}
	pending := false
	started := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpace(c) {
			pending = started
			continue
		}
		if pending {
			b = append(b, ' ')
			pending = false
		}
		b = append(b, c)
		started = true
	}
	return b
}

func needsNormalizing(s string) bool {
	if s == "" {
		return false
	}
	if isSpace(s[0]) || isSpace(s[len(s)-1]) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\t' || c == '\n' || c == '\r' || (c == ' ' && s[i+1] == ' ') {
			return true
		}
	}
	return false
}

// normalizeSpace is XPath normalize-space.
func normalizeSpace(s string) string { return string(appendNormalized(nil, s)) }
