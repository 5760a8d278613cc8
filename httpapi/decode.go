package httpapi

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

// A request body is described once, as a Go struct whose json tags are the
// canonical snake_case names (API.md §3.2): decode fills it from the
// normalised body (every spelling of §3.2 and the route's aliases already
// folded into those names), and the OpenAPI document is generated from the
// same struct (schema.go). TestRequestFieldsAreRead fails when a field of a
// request struct is never read by a handler.

// opt is a body field whose absence matters (API.md §8): an absent field
// leaves the stored value alone, null clears it, a value sets it.
type opt[T any] struct {
	Set  bool // the field was in the body, null included
	Null bool // it was null
	Bad  bool // it was of the wrong type (a problem already)
	V    T    // the value when Set, not Null and not Bad
}

// to applies o to *dst (absent: unchanged; null: the zero value) and
// reports whether the field was sent.
func (o opt[T]) to(dst *T) bool {
	if !o.Set {
		return false
	}
	if o.Null {
		var zero T
		*dst = zero
		return true
	}
	*dst = o.V
	return true
}

// toOr is to with def for null.
func (o opt[T]) toOr(dst *T, def T) bool {
	if o.Set && o.Null {
		*dst = def
		return true
	}
	return o.to(dst)
}

// valued reports whether the field was sent with a value of its type.
func (o opt[T]) valued() bool { return o.Set && !o.Null && !o.Bad }

// parts gives decode the presence flags and the value of an opt.
func (o *opt[T]) parts() (set, null, bad *bool, v reflect.Value) {
	return &o.Set, &o.Null, &o.Bad, reflect.ValueOf(&o.V).Elem()
}

// elem is T, for the OpenAPI schema.
func (opt[T]) elem() reflect.Type { return reflect.TypeFor[T]() }

// optField is what decode and the schema know of an opt[T].
type optField interface {
	parts() (set, null, bad *bool, v reflect.Value)
}

// optType is what the schema generator knows of an opt[T].
type optType interface{ elem() reflect.Type }

// bodyValue is a field type that reads its own JSON value: one that may
// come in several shapes (a code as a string or a number, a member as a
// user id or an object). fromBody reads raw, the value at path, reporting
// its problems through d, and returns false when raw is not one of its
// shapes at all; jsonSchema is what the OpenAPI document says of it.
type bodyValue interface {
	fromBody(d *decoder, raw any, path string) bool
	jsonSchema(g *schemaGen) map[string]any
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	anyType     = reflect.TypeFor[any]()
)

// decode fills dst, a pointer to a request struct, from the call's
// normalised body. Every value of the wrong type is one problem in p,
// named by its path in the route's casing; the rest is still read.
func (c *call) decode(dst any, p *sello.Problems) {
	c.decodeFrom(c.body, "", dst, p)
}

// decodeFrom is decode of one nested object of the body, named by path.
func (c *call) decodeFrom(m map[string]any, path string, dst any, p *sello.Problems) {
	d := decoder{c: c, p: p}
	d.object(reflect.ValueOf(dst).Elem(), m, path)
}

type decoder struct {
	c *call
	p *sello.Problems
}

// jsonName is a struct field's body name, "" when it has none.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// object reads the fields of m that v's struct type describes.
func (d *decoder) object(v reflect.Value, m map[string]any, path string) {
	for _, f := range structFields(v.Type()) {
		if f.embedded {
			d.object(v.Field(f.index), m, path) // an embedded struct's fields are the body's own
			continue
		}
		if raw, ok := m[f.name]; ok {
			d.value(v.Field(f.index), raw, joinPath(path, f.name), f.must)
		}
	}
}

// bodyField is a struct field as a body or a view sees it, worked out once
// per type: decode, the OpenAPI schema and the tests read fields this way.
type bodyField struct {
	index    int
	name     string // the body name
	must     string // the tag must: the words for an array field of the wrong type
	embedded bool   // an embedded struct whose fields are the body's own
}

var bodyFields sync.Map // reflect.Type → []bodyField

// structFields are the fields of struct type t that a JSON body holds.
func structFields(t reflect.Type) []bodyField {
	if fs, ok := bodyFields.Load(t); ok {
		return fs.([]bodyField)
	}
	var fs []bodyField
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct:
			fs = append(fs, bodyField{index: i, embedded: true})
		case jsonName(f) != "":
			fs = append(fs, bodyField{index: i, name: jsonName(f), must: f.Tag.Get("must")})
		}
	}
	bodyFields.Store(t, fs)
	return fs
}

// bad records that the value at path is not what it must be.
func (d *decoder) bad(path, format string, args ...any) {
	d.p.Add(d.c.fieldName(path), format, args...)
}

// nullElement stands for a null array element: never absent, so a value of
// the wrong type for every element type, refused in that type's words.
type nullElement struct{}

// value reads raw into v; false when raw itself is of the wrong type (a
// problem at path), true otherwise, problems inside it included. must is
// the field's words for an array of the wrong type ("an array of taxes").
func (d *decoder) value(v reflect.Value, raw any, path, must string) bool {
	if o, ok := v.Addr().Interface().(optField); ok {
		set, null, bad, inner := o.parts()
		*set, *null = true, raw == nil
		if raw != nil && !d.value(inner, raw, path, must) {
			*bad = true
			return false
		}
		return true
	}
	if raw == nil {
		v.SetZero()
		return true
	}
	if bv, ok := v.Addr().Interface().(bodyValue); ok {
		return bv.fromBody(d, raw, path)
	}
	switch v.Type() {
	case decimalType:
		n, err := toDecimal(raw)
		if err != nil {
			d.bad(path, "%v", err)
			return false
		}
		v.Set(reflect.ValueOf(n))
		return true
	case anyType:
		v.Set(reflect.ValueOf(raw))
		return true
	case numberType:
		n, ok := raw.(json.Number)
		if !ok {
			d.bad(path, "must be a number")
			return false
		}
		v.SetString(string(n))
		return true
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			d.bad(path, "must be a string")
			return false
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := raw.(bool)
		if !ok {
			d.bad(path, "must be a boolean")
			return false
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, ok := raw.(json.Number)
		i, err := strconv.ParseInt(string(n), 10, 64)
		if !ok || err != nil {
			d.bad(path, "must be an integer")
			return false
		}
		v.SetInt(i)
	case reflect.Slice:
		elemType := v.Type().Elem()
		arr, ok := raw.([]any)
		if !ok {
			switch {
			case must != "":
				d.bad(path, "must be %s", must)
			case elemType.Kind() == reflect.String && !reflect.PointerTo(elemType).Implements(bodyValueIface):
				d.bad(path, "must be an array of strings")
			default:
				d.bad(path, "must be an array")
			}
			return false
		}
		out := reflect.MakeSlice(v.Type(), 0, len(arr))
		for i, e := range arr {
			if e == nil {
				e = nullElement{}
			}
			elem := reflect.New(elemType).Elem()
			if d.value(elem, e, path+"["+strconv.Itoa(i)+"]", "") { // an element of the wrong type is left out
				out = reflect.Append(out, elem)
			}
		}
		v.Set(out)
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok || v.Type().Elem() != anyType {
			d.bad(path, "must be an object")
			return false
		}
		v.Set(reflect.ValueOf(m))
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			d.bad(path, "must be an object")
			return false
		}
		d.object(v, m, path)
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		if !d.value(e.Elem(), raw, path, must) {
			return false
		}
		v.Set(e)
	default:
		panic("httpapi: decode cannot read a " + v.Type().String() + " at " + path)
	}
	return true
}

// applyMetadata applies a metadata field: stored as given on create, merged
// key by key on update with null removing a key (API.md §8).
func applyMetadata(o opt[map[string]any], dst *map[string]any, merge bool) {
	if !o.Set {
		return
	}
	if o.Null || o.V == nil {
		*dst = nil
		return
	}
	old := *dst
	if !merge {
		old = nil
	}
	*dst = sello.MergeMetadata(old, o.V)
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
