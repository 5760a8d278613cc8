package httpapi

import (
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
)

// openAPIOf returns the served document decoded as generic JSON.
func openAPIOf(t *testing.T) (*Server, map[string]any) {
	t.Helper()
	s := NewServer(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	raw, err := encodeJSON(s.openAPIDoc())
	if err != nil {
		t.Fatalf("encode OpenAPI: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("decode OpenAPI: %v", err)
	}
	return s, doc
}

func TestOpenAPIHasEveryRoute(t *testing.T) {
	t.Parallel()
	s, doc := openAPIOf(t)
	paths, _ := doc["paths"].(map[string]any)
	for _, rt := range s.routes {
		item, _ := paths[openAPIPath(rt.Pattern)].(map[string]any)
		if _, ok := item[strings.ToLower(rt.Method)]; !ok {
			t.Errorf("route %s %s is missing from /v2/openapi.json", rt.Method, rt.Pattern)
		}
	}
	n := 0
	for _, item := range paths {
		n += len(item.(map[string]any))
	}
	if n != len(s.routes) {
		t.Errorf("document has %d operations, route table %d", n, len(s.routes))
	}
}

func TestOpenAPIShape(t *testing.T) {
	t.Parallel()
	_, doc := openAPIOf(t)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Errorf("info = %v, want title and version", info)
	}
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	for _, name := range []string{"ErrorEnvelope", "Ping", "Team"} {
		if schemas[name] == nil {
			t.Errorf("components.schemas.%s is missing", name)
		}
	}
	sec, _ := comps["securitySchemes"].(map[string]any)
	if b, _ := sec["bearer"].(map[string]any); b["scheme"] != "bearer" {
		t.Errorf("securitySchemes.bearer = %v", sec["bearer"])
	}
	ids := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		if !strings.HasPrefix(path, "/") {
			t.Errorf("path %q does not start with /", path)
		}
		for method, op := range item.(map[string]any) {
			o := op.(map[string]any)
			id, _ := o["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q empty or repeated", method, path, id)
			}
			ids[id] = true
			if r, _ := o["responses"].(map[string]any); len(r) == 0 {
				t.Errorf("%s %s: no responses", method, path)
			}
		}
	}
	walkRefs(t, doc, doc)
}

// walkRefs fails for every $ref that does not resolve inside doc.
func walkRefs(t *testing.T, doc, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			var cur any = doc
			for _, p := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				m, _ := cur.(map[string]any)
				cur = m[p]
			}
			if !strings.HasPrefix(ref, "#/") || cur == nil {
				t.Errorf("$ref %q does not resolve", ref)
			}
		}
		for _, c := range x {
			walkRefs(t, doc, c)
		}
	case []any:
		for _, c := range x {
			walkRefs(t, doc, c)
		}
	}
}
