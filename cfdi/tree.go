package cfdi

// node is one element (or, when local is "", one text node) of an XML
// document. Both directions use it: the writer serialises a tree built from a
// Comprobante, and the cadena builder walks either that tree or the tree read
// from received bytes, so the cadena of a document Sello issues and of the
// same bytes read back are computed by the same code.
type node struct {
	space string // namespace URI
	local string // "" for a text node
	text  string // text node content, after XML decoding
	attrs []attr
	kids  []*node
	raw   []byte // inner XML written verbatim (the Addenda)
}

// attr is an attribute of a node. space is the namespace URI ("" for the
// plain attributes the SAT defines), or "xmlns" for a namespace declaration
// in a tree built for writing.
type attr struct {
	space string
	local string
	value string
}

// attr returns the value of the unqualified attribute name and whether it is
// present. Presence matters: the SAT XSLT writes an optional field when the
// attribute exists, even if it is empty (CFDI.md §5.1).
func (n *node) attr(name string) (string, bool) {
	for i := range n.attrs {
		a := &n.attrs[i]
		if a.local == name && a.space == "" {
			return a.value, true
		}
	}
	return "", false
}

// get returns the value of the unqualified attribute name, "" when absent.
func (n *node) get(name string) string {
	v, _ := n.attr(name)
	return v
}

// children returns the element children of n named local in namespace space.
func (n *node) children(space, local string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.local == local && k.space == space {
			out = append(out, k)
		}
	}
	return out
}

// child returns the first element child of n named local in space, or nil.
func (n *node) child(space, local string) *node {
	for _, k := range n.kids {
		if k.local == local && k.space == space {
			return k
		}
	}
	return nil
}
