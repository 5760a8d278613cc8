package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// fields reads the fields of a normalised body object onto a domain value,
// the way PUT wants them (API.md §8): an absent field is left alone, null
// clears it, and every value of the wrong type is one problem, named by its
// path in the route's casing. Clients, services, teams and users all read
// their bodies with it.
type fields struct {
	c    *call
	m    map[string]any
	path string
	p    *sello.Problems
}

func (c *call) fields(p *sello.Problems) fields {
	return fields{c: c, m: c.body, p: p}
}

// name spells the path of key in the route's casing.
func (f fields) name(key string) string { return f.c.fieldName(joinPath(f.path, key)) }

// has reports whether key was sent (null included).
func (f fields) has(key string) bool { _, ok := f.m[key]; return ok }

// str sets *dst from a string field; null sets "". It reports whether the
// key was present.
func (f fields) str(key string, dst *string) bool {
	v, ok := f.m[key]
	if !ok {
		return false
	}
	switch x := v.(type) {
	case nil:
		*dst = ""
	case string:
		*dst = x
	default:
		f.p.Add(f.name(key), "must be a string")
	}
	return true
}

// boolean sets *dst from a JSON boolean; null sets def.
func (f fields) boolean(key string, dst *bool, def bool) {
	v, ok := f.m[key]
	if !ok {
		return
	}
	switch x := v.(type) {
	case nil:
		*dst = def
	case bool:
		*dst = x
	default:
		f.p.Add(f.name(key), "must be a boolean")
	}
}

// decimal sets *dst from a JSON number or a numeric string, never through
// float64; null sets def. It reports whether the field was present.
func (f fields) decimal(key string, dst *decimal.Decimal, def decimal.Decimal) bool {
	v, ok := f.m[key]
	if !ok {
		return false
	}
	if v == nil {
		*dst = def
		return true
	}
	d, err := toDecimal(v)
	if err != nil {
		f.p.Add(f.name(key), "%v", err)
		return true
	}
	*dst = d
	return true
}

// toDecimal is the one place a body value becomes a decimal: a JSON number
// or a numeric string, checked against the SAT limits on its text before
// decimal sees it (sello.ParseDecimal). The error is a sentence to show
// after the field name.
func toDecimal(v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case json.Number:
		return sello.ParseDecimal(x.String())
	case string:
		return sello.ParseDecimal(strings.TrimSpace(x))
	}
	return decimal.Decimal{}, sello.ErrNotNumber
}

// strs sets *dst from an array of strings; null sets nil. It reports
// whether the key was present.
func (f fields) strs(key string, dst *[]string) bool {
	v, ok := f.m[key]
	if !ok {
		return false
	}
	if v == nil {
		*dst = nil
		return true
	}
	arr, isArr := v.([]any)
	if !isArr {
		f.p.Add(f.name(key), "must be an array of strings")
		return true
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, isStr := e.(string)
		if !isStr {
			f.p.Add(f.name(key)+"["+strconv.Itoa(i)+"]", "must be a string")
			continue
		}
		out = append(out, s)
	}
	*dst = out
	return true
}

// obj returns an object value: present is false when the key is absent or
// not an object (a problem then); null gives present and a nil map.
func (f fields) obj(key string) (m map[string]any, present bool) {
	v, ok := f.m[key]
	if !ok || v == nil {
		return nil, ok
	}
	m, isObj := v.(map[string]any)
	if !isObj {
		f.p.Add(f.name(key), "must be an object")
		return nil, false
	}
	return m, true
}

// sub returns the reader of a nested object.
func (f fields) sub(key string, m map[string]any) fields {
	return fields{c: f.c, m: m, path: joinPath(f.path, key), p: f.p}
}

// object returns the fields of a nested object. present is false when the
// key is absent; null gives present and isNull.
func (f fields) object(key string) (sub fields, present, isNull bool) {
	m, ok := f.obj(key)
	if !ok {
		return fields{}, false, false
	}
	if m == nil {
		return fields{}, true, true
	}
	return f.sub(key, m), true, false
}

// metadata applies the metadata field: stored as given on create, merged
// key by key on update with null removing a key (API.md §8).
func (f fields) metadata(dst *map[string]any, merge bool) {
	m, ok := f.obj("metadata")
	if !ok {
		return
	}
	if m == nil {
		*dst = nil
		return
	}
	old := *dst
	if !merge {
		old = nil
	}
	*dst = sello.MergeMetadata(old, m)
}

// integer reads an integer body value.
func (f fields) integer(key string) (*int64, bool) {
	v, ok := f.m[key]
	if !ok || v == nil {
		return nil, ok
	}
	n, isNum := v.(json.Number)
	if !isNum {
		f.p.Add(f.name(key), "must be an integer")
		return nil, true
	}
	i, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		f.p.Add(f.name(key), "must be an integer")
		return nil, true
	}
	return &i, true
}

// number renders a decimal as a JSON number, exactly as stored.
func number(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// isoTime renders unix seconds as the ISO alias of a timestamp (API.md §3.3).
func isoTime(secs int64) string {
	return isoFromSeconds(json.Number(strconv.FormatInt(secs, 10))).(string)
}
