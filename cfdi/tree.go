package cfdi

// node is one element (or, when local is "", one text node) of a document
// read by Parse. The cadena of a received document is computed by running
// the SAT stylesheets, transcribed in cadena_rules.go, over this tree.
type node struct {
	space string // namespace URI
	local string // "" for a text node
	text  string // text node content, after XML decoding
	attrs []attr
	kids  []*node
}

// attr is an attribute of a node. space is the namespace URI, "" for the
// plain attributes the SAT defines.
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
