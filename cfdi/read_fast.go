package cfdi

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// xmlURL is the namespace encoding/xml gives the reserved prefix "xml".
const xmlURL = "http://www.w3.org/XML/1998/namespace"

// fastTree reads data (without a byte-order mark) into the tree readTreeXML
// would build, for documents written in the plain XML that Sello and most
// issuers write: an optional UTF-8 XML declaration, elements, quoted
// attributes, text with the five predefined entities. It declines (ok false)
// at anything else — comments, CDATA, DOCTYPE, processing instructions,
// character references, unusual names — and at anything readTreeXML would
// refuse, so that readTreeXML, with encoding/xml, reads and judges those
// documents. Names, values and text are substrings of one copy of data.
func fastTree(data []byte) (root *node, addenda []byte, ok bool) {
	r := fastReader{src: string(data)}
	if !r.declaration() {
		return nil, nil, false
	}
	root, addenda, ok = r.read(data)
	if !ok {
		return nil, nil, false
	}
	return root, addenda, true
}

// fastReader is the state of fastTree.
type fastReader struct {
	src    string
	pos    int
	ns     []fastBinding // namespace declarations in scope, innermost last
	frames []fastFrame   // open elements
	nodes  []node        // allocation slab for nodes
	attrs  []attr        // allocation slab for attributes
	raw    []fastAttr    // the attributes of the current start tag
}

// fastBinding binds prefix ("" for the default namespace) to uri.
type fastBinding struct{ prefix, uri string }

// fastFrame is an open element: its node (nil inside the Addenda), its name
// as written and the namespace bindings before it.
type fastFrame struct {
	n    *node
	name string
	ns   int
}

// fastAttr is an attribute as written: prefix, local name and decoded value.
type fastAttr struct{ prefix, local, value string }

// fastDeclarations are the XML declarations fastTree accepts, after "<?xml ".
var fastDeclarations = map[string]bool{
	`version="1.0"`: true, `version="1.0" encoding="UTF-8"`: true, `version="1.0" encoding="utf-8"`: true,
	`version="1.0" encoding="UTF-8" standalone="yes"`: true, `version="1.0" encoding="UTF-8" standalone="no"`: true,
	`version='1.0'`: true, `version='1.0' encoding='UTF-8'`: true, `version='1.0' encoding='utf-8'`: true,
}

// declaration skips an XML declaration at the start, if it is a known one.
func (r *fastReader) declaration() bool {
	if !strings.HasPrefix(r.src, "<?") {
		return true
	}
	if !strings.HasPrefix(r.src, "<?xml ") {
		return false
	}
	end := strings.Index(r.src, "?>")
	if end < 0 || !fastDeclarations[strings.Trim(r.src[len("<?xml "):end], " ")] {
		return false
	}
	r.pos = end + len("?>")
	return true
}

// read reads the elements and text after the declaration, with readTreeXML's
// rules on the root, the Addenda and text.
func (r *fastReader) read(data []byte) (root *node, addenda []byte, ok bool) {
	s := r.src
	inAddenda, addendaStart := 0, 0
	for r.pos < len(s) {
		start := r.pos
		if s[start] != '<' {
			end := strings.IndexByte(s[start:], '<')
			if end < 0 {
				end = len(s)
			} else {
				end += start
			}
			text, ok := fastText(s[start:end], false)
			if !ok {
				return nil, nil, false
			}
			r.pos = end
			switch {
			case len(r.frames) == 0:
				if strings.Trim(text, " \t\r\n") != "" {
					return nil, nil, false
				}
			case inAddenda > 0:
			default:
				parent := r.frames[len(r.frames)-1].n
				if _, templated := sheetFor(root.space)[qname{parent.space, parent.local}]; !templated {
					parent.kids = append(parent.kids, r.newNode(node{text: text}))
				}
			}
			continue
		}
		if start+1 >= len(s) {
			return nil, nil, false
		}
		if s[start+1] == '/' {
			if !r.endTag() {
				return nil, nil, false
			}
			f := r.frames[len(r.frames)-1]
			r.frames, r.ns = r.frames[:len(r.frames)-1], r.ns[:f.ns]
			switch {
			case inAddenda > 1:
				inAddenda--
			case inAddenda == 1:
				inAddenda = 0
				addenda = bytes.Clone(data[addendaStart:start])
			}
			continue
		}
		name, empty, ok := r.startTag()
		if !ok || len(r.frames) >= maxDepth || (root != nil && len(r.frames) == 0) {
			return nil, nil, false
		}
		frame := fastFrame{name: name, ns: len(r.ns)}
		for _, a := range r.raw {
			switch {
			case a.prefix == "xmlns":
				r.ns = append(r.ns, fastBinding{a.local, a.value})
			case a.prefix == "" && a.local == "xmlns":
				r.ns = append(r.ns, fastBinding{"", a.value})
			}
		}
		if inAddenda > 0 {
			inAddenda++
		} else {
			n, ok := r.element(name)
			if !ok {
				return nil, nil, false
			}
			if root == nil {
				if n.local != "Comprobante" || (n.space != NS && n.space != NS33) {
					return nil, nil, false
				}
				root = n
			} else {
				parent := r.frames[len(r.frames)-1].n
				parent.kids = append(parent.kids, n)
				if parent == root && n.space == root.space && n.local == "Addenda" {
					inAddenda, addendaStart = 1, r.pos
				}
			}
			frame.n = n
		}
		r.frames = append(r.frames, frame)
		if empty {
			r.frames, r.ns = r.frames[:len(r.frames)-1], r.ns[:frame.ns]
			if inAddenda > 1 {
				inAddenda--
			} else if inAddenda == 1 {
				inAddenda = 0
				addenda = bytes.Clone(data[addendaStart:r.pos])
			}
		}
	}
	if root == nil || len(r.frames) > 0 {
		return nil, nil, false
	}
	return root, addenda, true
}

// element builds the node of the start tag just read: names resolved as
// encoding/xml resolves them, namespace declarations left out, a repeated
// attribute refused.
func (r *fastReader) element(name string) (*node, bool) {
	prefix, local := fastSplit(name)
	space := ""
	switch prefix {
	case "xmlns":
		space = prefix
	case "xml":
		space = xmlURL
	default:
		space = r.lookup(prefix)
	}
	if len(r.attrs)+len(r.raw) > cap(r.attrs) {
		r.attrs = make([]attr, 0, max(64, len(r.raw))) // a new slab; earlier nodes keep theirs
	}
	first := len(r.attrs)
	for _, a := range r.raw {
		if a.prefix == "xmlns" || (a.prefix == "" && a.local == "xmlns") {
			continue
		}
		as := ""
		switch a.prefix {
		case "":
		case "xml":
			as = xmlURL
		default:
			as = r.lookup(a.prefix)
		}
		for _, b := range r.attrs[first:] {
			if b.local == a.local && b.space == as {
				return nil, false
			}
		}
		r.attrs = append(r.attrs, attr{space: as, local: a.local, value: a.value})
	}
	attrs := r.attrs[first:len(r.attrs):len(r.attrs)]
	if len(attrs) == 0 {
		attrs = []attr{}
	}
	return r.newNode(node{space: space, local: local, attrs: attrs}), true
}

// lookup resolves a prefix; an undeclared one stands for itself, and an
// undeclared default namespace is "", as in encoding/xml.
func (r *fastReader) lookup(prefix string) string {
	for i := len(r.ns) - 1; i >= 0; i-- {
		if r.ns[i].prefix == prefix {
			return r.ns[i].uri
		}
	}
	return prefix
}

// newNode returns a pointer to a copy of n in the slab.
func (r *fastReader) newNode(n node) *node {
	if len(r.nodes) == cap(r.nodes) {
		r.nodes = make([]node, 0, 32)
	}
	r.nodes = append(r.nodes, n)
	return &r.nodes[len(r.nodes)-1]
}

// startTag reads "<name attr='v'…>" or "…/>" at pos into r.raw.
func (r *fastReader) startTag() (name string, empty, ok bool) {
	s := r.src
	i := r.pos + 1
	name, i, ok = fastName(s, i)
	if !ok {
		return "", false, false
	}
	r.raw = r.raw[:0]
	for {
		i = fastSpace(s, i)
		if i >= len(s) {
			return "", false, false
		}
		switch s[i] {
		case '>':
			r.pos = i + 1
			return name, false, true
		case '/':
			if i+1 < len(s) && s[i+1] == '>' {
				r.pos = i + 2
				return name, true, true
			}
			return "", false, false
		}
		var an string
		if an, i, ok = fastName(s, i); !ok {
			return "", false, false
		}
		if i = fastSpace(s, i); i >= len(s) || s[i] != '=' {
			return "", false, false
		}
		if i = fastSpace(s, i+1); i >= len(s) || (s[i] != '"' && s[i] != '\'') {
			return "", false, false
		}
		end := strings.IndexByte(s[i+1:], s[i])
		if end < 0 {
			return "", false, false
		}
		raw := s[i+1 : i+1+end]
		if strings.IndexByte(raw, '<') >= 0 {
			return "", false, false
		}
		v, ok := fastText(raw, true)
		if !ok {
			return "", false, false
		}
		prefix, local := fastSplit(an)
		r.raw = append(r.raw, fastAttr{prefix, local, v})
		i += end + 2
	}
}

// endTag reads "</name>" at pos, which must close the innermost element
// with the same name as written.
func (r *fastReader) endTag() bool {
	s := r.src
	name, i, ok := fastName(s, r.pos+2)
	if !ok || len(r.frames) == 0 || r.frames[len(r.frames)-1].name != name {
		return false
	}
	if i = fastSpace(s, i); i >= len(s) || s[i] != '>' {
		return false
	}
	r.pos = i + 1
	return true
}

// fastName reads an ASCII XML name at i with at most one colon, neither
// first nor last.
func fastName(s string, i int) (name string, next int, ok bool) {
	start, colon := i, -1
	if i >= len(s) || !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z' || s[i] == '_') {
		return "", i, false
	}
	for i++; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' {
			continue
		}
		if c == ':' {
			if colon >= 0 {
				return "", i, false
			}
			colon = i
			continue
		}
		if c >= utf8.RuneSelf {
			return fastUnicodeName(s, start, i)
		}
		break
	}
	if colon == i-1 || i >= len(s) {
		return "", i, false
	}
	return s[start:i], i, true
}

// fastUnicodeNames are the names outside ASCII that fastName reads: the
// SAT's InformacionGlobal@Año.
var fastUnicodeNames = map[string]bool{"Año": true}

// fastUnicodeName reads on from i, at a byte outside ASCII, to the end of a
// name as encoding/xml delimits it, and accepts only the known names.
func fastUnicodeName(s string, start, i int) (name string, next int, ok bool) {
	for ; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == ':') {
			break
		}
	}
	if i >= len(s) || !fastUnicodeNames[s[start:i]] {
		return "", i, false
	}
	return s[start:i], i, true
}

// fastSplit splits "p:local" into "p" and "local"; "local" has prefix "".
func fastSplit(name string) (prefix, local string) {
	if p, l, ok := strings.Cut(name, ":"); ok {
		return p, l
	}
	return "", name
}

// fastSpace skips the white space encoding/xml skips inside tags.
func fastSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// fastText decodes text or a quoted attribute value (raw, without the
// quotes): the five predefined entities and line ends ("\r\n" and "\r"
// become "\n"), as encoding/xml does. It declines character references,
// other entities, characters outside XML's Char production, invalid UTF-8
// and, in text, "]]>".
func fastText(raw string, quoted bool) (string, bool) {
	plain := true
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '&' || c == '\r':
			plain = false
		case c < 0x20 && c != '\t' && c != '\n':
			return "", false
		case c == '>' && !quoted && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']':
			return "", false
		case c >= utf8.RuneSelf:
			ch, size := utf8.DecodeRuneInString(raw[i:])
			if ch == utf8.RuneError && size == 1 || !(ch <= 0xD7FF || ch >= 0xE000 && ch <= 0xFFFD || ch >= 0x10000) {
				return "", false
			}
			i += size - 1
		}
	}
	if plain {
		return raw, true
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '\r':
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case '&':
			end := strings.IndexByte(raw[i:], ';')
			if end < 0 {
				return "", false
			}
			switch raw[i+1 : i+end] {
			case "lt":
				out = append(out, '<')
			case "gt":
				out = append(out, '>')
			case "amp":
				out = append(out, '&')
			case "apos":
				out = append(out, '\'')
			case "quot":
				out = append(out, '"')
			default:
				return "", false
			}
			i += end
		default:
			out = append(out, c)
		}
	}
	return string(out), true
}
