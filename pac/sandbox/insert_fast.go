package sandbox

import (
	"bytes"

	"github.com/sello-mx/sello/cfdi"
)

// scanParsed finds the insertion points of a well-formed document (one that
// cfdi.Parse accepted) without an XML decoder: it reads tags only, since in
// well-formed XML every "<" outside comments, CDATA and the DOCTYPE starts a
// tag. It declines (ok false) comments, CDATA, DOCTYPE, the reserved
// prefixes and namespace declarations written with references or line
// ends, which scan then handles.
func scanParsed(doc []byte) (l *layout, ok bool) {
	l = &layout{addenda: -1, rootEnd: -1}
	var rootNS []fastDecl // declarations on the root
	depth, i := 0, 0
	depth1Comp := false // the open depth-1 element is the cfdi:Complemento
	for {
		lt := bytes.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		start := i + lt
		if start+1 >= len(doc) {
			return nil, false
		}
		switch doc[start+1] {
		case '!':
			return nil, false
		case '?':
			end := bytes.Index(doc[start:], []byte("?>"))
			if end < 0 {
				return nil, false
			}
			i = start + end + len("?>")
			continue
		case '/':
			end := bytes.IndexByte(doc[start:], '>')
			if end < 0 || depth == 0 {
				return nil, false
			}
			i = start + end + 1
			depth--
			l.close(depth, depth1Comp, int64(start))
			continue
		}
		t, ok := readTag(doc, start)
		if !ok {
			return nil, false
		}
		i = t.end
		var space string
		switch depth {
		case 0:
			rootNS = t.decls
			l.rootPrefix = ""
			if len(t.prefix) > 0 {
				l.rootPrefix = string(t.prefix) + ":"
			}
			l.xsiBound = t.bindsXSI()
		case 1:
			if space, ok = t.resolve(rootNS); !ok {
				return nil, false
			}
			depth1Comp = space == cfdi.NS && string(t.local) == "Complemento"
			switch {
			case depth1Comp && !l.compFound:
				l.compFound = true
				l.compName = string(t.name)
				l.compTagEnd = int64(t.end)
				l.compSelfClose = t.empty
				l.xsiBound = l.xsiBound || t.bindsXSI()
			case space == cfdi.NS && string(t.local) == "Addenda" && l.addenda < 0:
				l.addenda = int64(start)
			}
		}
		if t.empty {
			l.close(depth, depth1Comp, int64(t.end))
			continue
		}
		depth++
	}
	if l.rootEnd < 0 || depth != 0 {
		return nil, false
	}
	return l, true
}

// close notes the end of an element at depth (after leaving it).
func (l *layout) close(depth int, comp bool, at int64) {
	switch {
	case depth == 0:
		l.rootEnd = at
	case depth == 1 && comp && l.compEndTag == 0:
		l.compEndTag = at
	}
}

// fastDecl is a namespace declaration: prefix ("" for the default) and URI.
type fastDecl struct{ prefix, uri string }

// tag is a start tag as scanParsed reads it.
type tag struct {
	name, prefix, local []byte // as written, in doc
	decls               []fastDecl
	empty               bool
	end                 int // offset after ">"
}

// readTag reads the start tag at doc[start] ("<").
func readTag(doc []byte, start int) (t tag, ok bool) {
	i := start + 1
	n := nameEnd(doc, i)
	if n == i {
		return t, false
	}
	t.name = doc[i:n]
	t.prefix, t.local = nil, t.name
	if p, local, found := bytes.Cut(doc[i:n], []byte(":")); found {
		if len(p) == 0 || len(local) == 0 || bytes.IndexByte(local, ':') >= 0 {
			return t, false
		}
		t.prefix, t.local = p, local
	}
	if string(t.prefix) == "xml" || string(t.prefix) == "xmlns" {
		return t, false
	}
	i = n
	for {
		for i < len(doc) && (doc[i] == ' ' || doc[i] == '\t' || doc[i] == '\n' || doc[i] == '\r') {
			i++
		}
		if i >= len(doc) {
			return t, false
		}
		switch doc[i] {
		case '>':
			t.end = i + 1
			return t, true
		case '/':
			t.end, t.empty = i+2, true
			return t, i+1 < len(doc) && doc[i+1] == '>'
		}
		n := nameEnd(doc, i)
		eq := bytes.IndexByte(doc[n:], '=')
		if n == i || eq < 0 {
			return t, false
		}
		q := n + eq + 1
		for q < len(doc) && doc[q] != '"' && doc[q] != '\'' {
			q++
		}
		if q >= len(doc) {
			return t, false
		}
		end := bytes.IndexByte(doc[q+1:], doc[q])
		if end < 0 {
			return t, false
		}
		name, value := doc[i:n], doc[q+1:q+1+end]
		if bytes.HasPrefix(name, []byte("xmlns")) {
			if bytes.ContainsAny(value, "&\r") {
				return t, false
			}
			switch {
			case len(name) == len("xmlns"):
				t.decls = append(t.decls, fastDecl{"", string(value)})
			case name[len("xmlns")] == ':':
				if len(name) == len("xmlns:") || bytes.IndexByte(name[len("xmlns:"):], ':') >= 0 {
					return t, false
				}
				t.decls = append(t.decls, fastDecl{string(name[len("xmlns:"):]), string(value)})
			}
		}
		i = q + 1 + end + 1
	}
}

// nameEnd returns the offset after the name at i: a name ends at white
// space, "/", ">" or "=" in well-formed XML.
func nameEnd(doc []byte, i int) int {
	for ; i < len(doc); i++ {
		switch doc[i] {
		case ' ', '\t', '\r', '\n', '/', '>', '=':
			return i
		}
	}
	return i
}

// resolve returns the namespace of a depth-1 element: its own declarations
// first, then the root's; an undeclared prefix stands for itself and an
// undeclared default namespace is "", as in encoding/xml.
func (t *tag) resolve(rootNS []fastDecl) (string, bool) {
	for _, decls := range [][]fastDecl{t.decls, rootNS} {
		for j := len(decls) - 1; j >= 0; j-- {
			if decls[j].prefix == string(t.prefix) {
				return decls[j].uri, true
			}
		}
	}
	return string(t.prefix), true
}

// bindsXSI reports whether the tag declares xmlns:xsi as the XML Schema
// instance namespace.
func (t *tag) bindsXSI() bool {
	for _, d := range t.decls {
		if d.prefix == "xsi" && d.uri == cfdi.NSXSI {
			return true
		}
	}
	return false
}
