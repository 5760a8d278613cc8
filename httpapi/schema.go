package httpapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// schemaGen turns Go types into JSON Schema (the dialect of OpenAPI 3.1),
// collecting named struct types under components/schemas.
type schemaGen struct {
	schemas map[string]any
	named   map[string]reflect.Type // which type each component is
	// camel spells property names in camelCase and writes named structs in
	// place: a body of surface S, as the seed documents it.
	camel bool
}

// request is the schema of a route's body, spelled in the route's casing.
func (g *schemaGen) request(rt *route) map[string]any {
	t := reflect.TypeOf(rt.Request)
	if rt.Surface != surfaceS {
		return g.of(t)
	}
	return (&schemaGen{schemas: g.schemas, camel: true}).of(t)
}

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	numberType     = reflect.TypeFor[json.Number]()
	timeType       = reflect.TypeFor[time.Time]()
	anyJSONType    = reflect.TypeFor[anyJSON]()
)

// schemaName is the component name of a named API type: teamView → Team.
func schemaName(t reflect.Type) string {
	n := t.Name()
	if n == "errorBody" {
		return "ErrorEnvelope"
	}
	for _, suffix := range []string{"View", "Data"} { // one suffix: eventDataView is EventData
		if s := strings.TrimSuffix(n, suffix); s != "" && s != n {
			n = s
			break
		}
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

var (
	optTypeIface   = reflect.TypeFor[optType]()
	bodyValueIface = reflect.TypeFor[bodyValue]()
)

// of returns the schema of t, a $ref for named structs.
func (g *schemaGen) of(t reflect.Type) map[string]any {
	if reflect.PointerTo(t).Implements(bodyValueIface) {
		return reflect.New(t).Interface().(bodyValue).jsonSchema(g)
	}
	if t.Kind() == reflect.Struct && t.Implements(optTypeIface) {
		return g.of(reflect.PointerTo(reflect.Zero(t).Interface().(optType).elem())) // T or null
	}
	switch t {
	case decimalType:
		return map[string]any{"type": []string{"number", "string"}, "description": "A decimal: a JSON number or a numeric string, never rounded through binary floating point."}
	case rawMessageType, anyJSONType:
		return map[string]any{"description": "Any JSON value."}
	case numberType:
		return map[string]any{"type": "number"}
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := g.of(t.Elem())
		if typ, ok := inner["type"].(string); ok {
			out := map[string]any{}
			for k, v := range inner {
				out[k] = v
			}
			out["type"] = []string{typ, "null"}
			return out
		}
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" || g.camel {
			return g.object(t)
		}
		name := schemaName(t)
		if g.named == nil {
			g.named = map[string]reflect.Type{}
		}
		if other, ok := g.named[name]; ok && other != t {
			panic("httpapi: " + other.String() + " and " + t.String() + " are both the schema " + name)
		}
		g.named[name] = t
		if _, done := g.schemas[name]; !done {
			g.schemas[name] = map[string]any{} // reserve against recursion
			g.schemas[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// object is the schema of a struct: its JSON fields; fields without
// omitempty are required, except opt fields, which a body may leave out.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, bf := range structFields(t) {
		f := t.Field(bf.index)
		if bf.embedded {
			inner := g.object(f.Type) // an embedded struct's fields are the body's own
			for k, v := range inner["properties"].(map[string]any) {
				props[k] = v
			}
			required = append(required, inner["required"].([]string)...)
			continue
		}
		name := bf.name
		if g.camel {
			name = camelCase(name)
		}
		s := g.of(f.Type)
		if d := f.Tag.Get("doc"); d != "" {
			s = map[string]any{"allOf": []any{s}, "description": d}
		}
		props[name] = s
		if _, opts, _ := strings.Cut(f.Tag.Get("json"), ","); !strings.Contains(opts, "omitempty") && !f.Type.Implements(optTypeIface) {
			required = append(required, name)
		}
	}
	return map[string]any{"type": "object", "properties": props, "required": required}
}
