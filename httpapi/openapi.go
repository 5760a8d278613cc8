package httpapi

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// openAPIDoc builds the OpenAPI 3.1 document from the route table and the
// Go types of the routes' bodies.
func (s *Server) openAPIDoc() map[string]any {
	g := &schemaGen{schemas: map[string]any{}}
	g.of(reflect.TypeFor[errorBody]())
	paths := map[string]any{}
	for _, rt := range s.routes {
		p := openAPIPath(rt.Pattern)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		item[strings.ToLower(rt.Method)] = s.operation(g, rt)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Sello API (gigstack API v2)",
			"version":     APIVersion,
			"description": "Sello " + s.version + ": a self-hostable implementation of the gigstack API v2.",
		},
		"servers": []any{map[string]any{"url": s.serverURL()}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.schemas,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
			},
		},
	}
}

func (s *Server) serverURL() string {
	if s.publicURL != "" {
		return s.publicURL
	}
	return "/"
}

// openAPIPath turns a ServeMux pattern into an OpenAPI path template.
func openAPIPath(pattern string) string {
	p := strings.ReplaceAll(pattern, "{$}", "")
	return strings.ReplaceAll(p, "...}", "}")
}

func (s *Server) operation(g *schemaGen, rt *route) map[string]any {
	op := map[string]any{
		"operationId": operationID(rt),
		"summary":     rt.Summary,
		"tags":        []string{string(rt.Surface)},
	}
	var params []any
	for _, seg := range strings.Split(openAPIPath(rt.Pattern), "/") {
		if strings.HasPrefix(seg, "{") {
			params = append(params, param(strings.Trim(seg, "{}"), "path", true, "string", ""))
		}
	}
	if !rt.Public {
		op["security"] = []any{map[string]any{"bearer": []string{}}}
		params = append(params, param("team", "query", false, "string", "Act on this team: the key's team or a direct child (Connect)."))
		if rt.Method == http.MethodPost {
			params = append(params, param("Idempotency-Key", "header", false, "string", "1–255 printable ASCII characters."))
		}
	} else {
		op["security"] = []any{}
	}
	if rt.List {
		params = append(params,
			param("limit", "query", false, "integer", "Page size, 1–100 (default 20)."),
			param("next", "query", false, "string", "Cursor from the previous page (aliases cursor, starting_after)."),
			param("offset", "query", false, "integer", "Items to skip when next is absent."),
			enumParam(param("sort", "query", false, "string", "Sort direction."), "asc", "desc"),
			enumParam(param("order_by", "query", false, "string", "Sort key."), "timestamp", "name"),
			param("created[gte]", "query", false, "string", "Created at or after (unix s, ms or ISO; alias from)."),
			param("created[lte]", "query", false, "string", "Created at or before (unix s, ms or ISO; alias to)."))
	}
	for _, f := range rt.Query {
		params = append(params, param(f, "query", false, "string", ""))
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.Request != nil {
		mediaType := "application/json"
		if rt.Multipart {
			mediaType = "multipart/form-data"
		}
		op["requestBody"] = map[string]any{
			"required": false,
			"content":  map[string]any{mediaType: map[string]any{"schema": g.request(rt)}},
		}
	}
	op["responses"] = map[string]any{
		strconv.Itoa(rt.Status): map[string]any{"description": rt.Summary, "content": s.responseContent(g, rt)},
		"default": map[string]any{
			"description": "Error (gigstack error envelope)",
			"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/ErrorEnvelope"}}},
		},
	}
	return op
}

func (s *Server) responseContent(g *schemaGen, rt *route) map[string]any {
	if rt.Raw != "" {
		return map[string]any{rt.Raw: map[string]any{"schema": map[string]any{"type": "string"}}}
	}
	data := map[string]any{}
	if rt.Response != nil {
		data = g.of(reflect.TypeOf(rt.Response))
	}
	props := map[string]any{
		"success": map[string]any{"type": "boolean", "const": true},
		"message": map[string]any{"type": "string"},
		"data":    data,
	}
	required := []string{"success", "message", "data"}
	if rt.List {
		props["data"] = map[string]any{"type": "array", "items": data}
		props["next"] = map[string]any{"type": []string{"string", "null"}}
		for _, n := range []string{"has_more", "hasMore"} {
			props[n] = map[string]any{"type": "boolean"}
		}
		for _, n := range []string{"total_results", "totalResults"} {
			props[n] = map[string]any{"type": "integer"}
		}
		required = append(required, "next", "has_more", "hasMore", "total_results", "totalResults")
	}
	return map[string]any{"application/json": map[string]any{"schema": map[string]any{
		"type": "object", "properties": props, "required": required}}}
}

func param(name, in string, required bool, typ, desc string) map[string]any {
	p := map[string]any{"name": name, "in": in, "required": required, "schema": map[string]any{"type": typ}}
	if desc != "" {
		p["description"] = desc
	}
	return p
}

func enumParam(p map[string]any, values ...string) map[string]any {
	p["schema"].(map[string]any)["enum"] = values
	return p
}

// operationID is the method plus the path words: getV2TeamsId.
func operationID(rt *route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, w := range strings.FieldsFunc(openAPIPath(rt.Pattern), func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// openAPIState caches the encoded document.
type openAPIState struct {
	once sync.Once
	doc  []byte
	err  error
}

func (s *Server) openAPI(c *call) (*reply, error) {
	s.openapi.once.Do(func() { s.openapi.doc, s.openapi.err = encodeJSON(s.openAPIDoc()) })
	if s.openapi.err != nil {
		return nil, s.openapi.err
	}
	return &reply{status: http.StatusOK, raw: s.openapi.doc, contentType: jsonType}, nil
}
