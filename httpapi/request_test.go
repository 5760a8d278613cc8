package httpapi

import (
	"encoding/json"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
)

// describedOnly are the request types written for the OpenAPI document
// alone: the CSD upload is multipart, its parts read by the handler.
var describedOnly = map[string]bool{
	"csdUploadRequest": true, // multipart parts, read by the handler
}

// TestRequestFieldsAreRead holds each request body to one description: the
// struct a route's Request names is what decode fills and what the OpenAPI
// document shows, so a field is documented exactly when it is decoded.
// What is left to check is that the handlers read every field: a field no
// code reads is documented but ignored, unless its tag unread says why.
func TestRequestFieldsAreRead(t *testing.T) {
	pkg, info, files := typeCheck(t)
	// A field is read where a selector names it, except as the target of
	// an assignment (x.f = …); a composite literal's keys are no selectors.
	written := map[*ast.SelectorExpr]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok {
						written[sel] = true
					}
				}
			}
			return true
		})
	}
	read := map[*types.Var]bool{}
	for sel, selection := range info.Selections {
		if v, ok := selection.Obj().(*types.Var); ok && v.IsField() && v.Pkg() == pkg && !written[sel] {
			read[v] = true
		}
	}
	seen := map[reflect.Type]bool{}
	var unread []string
	var walk func(rt reflect.Type, from string)
	walk = func(rt reflect.Type, from string) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Map {
			rt = rt.Elem()
		}
		if rt.Kind() == reflect.Struct && rt.Implements(optTypeIface) {
			walk(reflect.Zero(rt).Interface().(optType).elem(), from)
			return
		}
		if rt.Kind() != reflect.Struct || seen[rt] || rt.PkgPath() != reflect.TypeFor[route]().PkgPath() {
			return
		}
		seen[rt] = true
		if rt.Name() == "" {
			t.Errorf("%s: a request body holds an unnamed struct; name it so its fields can be checked", from)
			return
		}
		obj, _ := pkg.Scope().Lookup(rt.Name()).(*types.TypeName)
		if obj == nil {
			t.Errorf("%s: type %s not found in the package", from, rt.Name())
			return
		}
		st := obj.Type().Underlying().(*types.Struct)
		for _, bf := range structFields(rt) {
			f := rt.Field(bf.index)
			if bf.embedded {
				walk(f.Type, from)
				continue
			}
			if !read[st.Field(bf.index)] && f.Tag.Get("unread") == "" {
				unread = append(unread, rt.Name()+"."+f.Name)
			}
			walk(f.Type, rt.Name()+"."+f.Name)
		}
	}
	for _, rt := range (&Server{}).routeTable() {
		if rt.Request == nil {
			continue
		}
		typ := reflect.TypeOf(rt.Request)
		if describedOnly[typ.Name()] || typ == anyJSONType {
			continue
		}
		walk(typ, rt.Method+" "+rt.Pattern)
	}
	sort.Strings(unread)
	for _, f := range unread {
		t.Errorf("request field %s is documented and decoded but no handler reads it", f)
	}
}

// typeCheck type-checks the package's non-test files.
func typeCheck(t *testing.T) (*types.Package, *types.Info, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("github.com/sello-mx/sello/httpapi", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, info, files
}

// TestDecodeEveryRequest sends every field of every request body each
// shape of JSON value: decode must name a problem or accept it, never
// panic, on both surfaces.
func TestDecodeEveryRequest(t *testing.T) {
	shapes := []any{nil, "x", json.Number("1"), json.Number("-2.5"), true, []any{"x", json.Number("3"), map[string]any{}, nil},
		map[string]any{"id": "x", "type": "y", "search": map[string]any{}}}
	for _, rt := range (&Server{}).routeTable() {
		if rt.Request == nil {
			continue
		}
		typ := reflect.TypeOf(rt.Request)
		if describedOnly[typ.Name()] || typ == anyJSONType || typ.PkgPath() != reflect.TypeFor[route]().PkgPath() {
			continue
		}
		names := bodyNames(typ)
		for _, sf := range []surface{surfaceC, surfaceS} {
			c := &call{route: &route{Surface: sf}}
			for _, name := range names {
				for _, shape := range shapes {
					c.body = map[string]any{name: shape}
					var p sello.Problems
					dst := reflect.New(typ).Interface()
					func() {
						defer func() {
							if r := recover(); r != nil {
								t.Errorf("%s %s: %s = %#v: panic %v", rt.Method, rt.Pattern, name, shape, r)
							}
						}()
						c.decode(dst, &p)
					}()
				}
			}
		}
	}
}

// bodyNames are the body names of a request struct's fields, embedded
// structs' included.
func bodyNames(t reflect.Type) []string {
	var out []string
	for _, f := range structFields(t) {
		if f.embedded {
			out = append(out, bodyNames(t.Field(f.index).Type)...)
			continue
		}
		out = append(out, f.name)
	}
	return out
}

// TestDecodeRefusesNullElements: an array's element is never absent, so
// null is an element of the wrong type, named as any other would be; and a
// field's own words for its type (tag must) are not an element's.
func TestDecodeRefusesNullElements(t *testing.T) {
	tests := []struct {
		dst  any
		body map[string]any
		want []string
	}{
		{&clientRequest{}, map[string]any{"bcc": []any{"a@b.mx", nil}}, []string{"bcc[1]: must be a string"}},
		{&invoiceInput{}, map[string]any{"emails": []any{nil}, "items": []any{nil}, "complements": []any{nil}},
			[]string{"complements[0]: must be an object with a type", "emails[0]: must be a string", "items[0]: must be an object"}},
		{&membersRequest{}, map[string]any{"members": []any{nil}}, []string{"members[0]: must be a user id or an object with id"}},
		{&paymentInput{}, map[string]any{"allowed_payment_methods": []any{nil}, "items": []any{map[string]any{"taxes": "x"}, "y"}},
			[]string{"allowed_payment_methods[0]: must be a string or an object with an id",
				"items[0].taxes: must be an array of taxes", "items[1]: must be an object"}},
		{&paymentInput{}, map[string]any{"allowed_payment_methods": "card"}, []string{"allowed_payment_methods: must be an array"}},
	}
	for _, tt := range tests {
		c := &call{route: &route{Surface: surfaceC}, body: tt.body}
		var p sello.Problems
		c.decode(tt.dst, &p)
		var got []string
		for _, pr := range p {
			got = append(got, pr.Field+": "+pr.Problem)
		}
		sort.Strings(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("decode(%v) = %q, want %q", tt.body, got, tt.want)
		}
	}
}
