package httpapi

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sello-mx/sello"
)

// query is a normalised query string: canonical key → first value.
type query map[string]string

// queryAliases are the spellings of the list parameters of API.md §6.
var queryAliases = aliasTable{
	"from": "created[gte]", "to": "created[lte]",
	"cursor": "next", "starting_after": "next",
	"created[gt]": "created[gte]", "created[lt]": "created[lte]",
}

// parseQuery normalises the keys of a raw query string like a body (API.md
// §3.2). Keys starting with "metadata." are kept as sent. Two spellings of
// one parameter with different values are Invalid.
func parseQuery(raw string, aliases aliasTable) (query, error) {
	if raw == "" {
		return nil, nil
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return nil, invalidValue("Invalid query parameters", "query", "cannot be parsed")
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	q := make(query, len(values))
	spelled := map[string]string{}
	var p sello.Problems
	for _, k := range keys {
		c := k
		if !strings.HasPrefix(k, "metadata.") {
			c = aliases.canonical(k)
		}
		if !checkQueryText(&p, c, k, values[k]) {
			continue
		}
		v := values[k][0]
		if prev, seen := q[c]; seen {
			if prev != v {
				p.Add(c, "conflicting values for %s and %s", spelled[c], k)
			}
			continue
		}
		q[c], spelled[c] = v, k
	}
	if err := p.Err("Invalid query parameters"); err != nil {
		return nil, err
	}
	return q, nil
}

// mergeAliases returns one table holding every entry of the given tables;
// later tables win.
func mergeAliases(tables ...aliasTable) aliasTable {
	out := aliasTable{}
	for _, t := range tables {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}

// boolean reads a query flag: true/false/1/0 (API.md §3.1). It returns nil
// when the parameter is absent; Invalid for any other value.
func (q query) boolean(name string) (*bool, error) {
	v, ok := q[name]
	if !ok {
		return nil, nil
	}
	var b bool
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1":
		b = true
	case "false", "0":
	default:
		return nil, invalidValue("Invalid query parameters", name, "must be true, false, 1 or 0")
	}
	return &b, nil
}

// maxQueryText is the longest query value accepted, in characters.
const maxQueryText = 2048

// checkQueryText refuses a parameter whose name or values are not UTF-8,
// hold a control character (tabs and line breaks included: every
// parameter is one line) or are longer than maxQueryText (docs/INPUT.md).
func checkQueryText(p *sello.Problems, canonical, key string, values []string) bool {
	if r, bad := sello.BadRune(key, false); bad {
		p.Add(strconv.Quote(key), "is not a valid parameter name (it holds %s)", runeName(r))
		return false
	}
	for _, v := range values {
		if msg := sello.TextProblem(v, false); msg != "" {
			p.Add(canonical, "%s", msg)
			return false
		}
		if len(v) > maxQueryText && utf8.RuneCountInString(v) > maxQueryText {
			p.Add(canonical, "must be at most %d characters", maxQueryText)
			return false
		}
	}
	return true
}
