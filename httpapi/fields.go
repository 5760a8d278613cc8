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
// path in the route's casing.
type fields struct {
	m    map[string]any
	path string
	p    *sello.Problems
	name func(string) string
}

func (c *call) fields(p *sello.Problems) fields {
	return fields{m: c.body, p: p, name: c.fieldName}
}

func (f fields) at(key string) string {
	if f.path == "" {
		return f.name(key)
	}
	return f.name(f.path + "." + key)
}

// has reports whether key was sent (null included).
func (f fields) has(key string) bool { _, ok := f.m[key]; return ok }

// str sets *dst from a string field; null sets "".
func (f fields) str(key string, dst *string) {
	v, ok := f.m[key]
	if !ok {
		return
	}
	switch x := v.(type) {
	case nil:
		*dst = ""
	case string:
		*dst = x
	default:
		f.p.Add(f.at(key), "must be a string")
	}
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
		f.p.Add(f.at(key), "must be a boolean")
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
		f.p.Add(f.at(key), "must be a number")
		return true
	}
	*dst = d
	return true
}

func toDecimal(v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case json.Number:
		return decimal.NewFromString(x.String())
	case string:
		return decimal.NewFromString(strings.TrimSpace(x))
	}
	return decimal.Decimal{}, strconv.ErrSyntax
}

// strings sets *dst from an array of strings; null sets nil.
func (f fields) strings(key string, dst *[]string) {
	v, ok := f.m[key]
	if !ok {
		return
	}
	if v == nil {
		*dst = nil
		return
	}
	arr, isArr := v.([]any)
	if !isArr {
		f.p.Add(f.at(key), "must be an array of strings")
		return
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, isStr := e.(string)
		if !isStr {
			f.p.Add(f.at(key)+"["+strconv.Itoa(i)+"]", "must be a string")
			continue
		}
		out = append(out, s)
	}
	*dst = out
}

// object returns the fields of a nested object. present is false when the
// key is absent; null gives present and a nil object.
func (f fields) object(key string) (sub fields, present, isNull bool) {
	v, ok := f.m[key]
	if !ok {
		return fields{}, false, false
	}
	if v == nil {
		return fields{}, true, true
	}
	m, isObj := v.(map[string]any)
	if !isObj {
		f.p.Add(f.at(key), "must be an object")
		return fields{}, false, false
	}
	path := key
	if f.path != "" {
		path = f.path + "." + key
	}
	return fields{m: m, path: path, p: f.p, name: f.name}, true, false
}

// metadata applies the metadata field: stored as given on create, merged
// key by key on update with null removing a key (API.md §8).
func (f fields) metadata(dst *map[string]any, merge bool) {
	v, ok := f.m["metadata"]
	if !ok {
		return
	}
	if v == nil {
		*dst = nil
		return
	}
	m, isObj := v.(map[string]any)
	if !isObj {
		f.p.Add(f.at("metadata"), "must be an object")
		return
	}
	if !merge || *dst == nil {
		*dst = map[string]any{}
	}
	for k, val := range m {
		if val == nil {
			delete(*dst, k)
			continue
		}
		(*dst)[k] = val
	}
	if len(*dst) == 0 {
		*dst = nil
	}
}

// number renders a decimal as a JSON number, exactly as stored.
func number(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// isoTime renders unix seconds as the ISO alias of a timestamp (API.md §3.3).
func isoTime(secs int64) string {
	return isoFromSeconds(json.Number(strconv.FormatInt(secs, 10))).(string)
}
