package sello_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// fileGraph maps each non-test file of the root package to the files whose
// package-level names (functions, methods, types, constants, variables) it
// uses, with those names.
func fileGraph(t *testing.T) map[string]map[string][]string {
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
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("github.com/sello-mx/sello", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	g := map[string]map[string][]string{}
	for id, obj := range info.Uses {
		if obj.Pkg() != pkg || !obj.Pos().IsValid() {
			continue
		}
		switch o := obj.(type) {
		case *types.Func: // functions and methods
		case *types.Var:
			if o.IsField() || o.Parent() != pkg.Scope() {
				continue
			}
		default:
			if obj.Parent() != pkg.Scope() {
				continue
			}
		}
		from := fset.Position(id.Pos()).Filename
		to := fset.Position(obj.Pos()).Filename
		if from == to {
			continue
		}
		if g[from] == nil {
			g[from] = map[string][]string{}
		}
		if !slices.Contains(g[from][to], obj.Name()) {
			g[from][to] = append(g[from][to], obj.Name())
		}
	}
	return g
}

// TestFilesAreLayered keeps the root package's files in layers: no file
// uses a name of a file that uses one of its own, directly or through
// others, so each file can be read knowing only the files below it. It
// logs the height of the tower and its tallest chain (go test -run
// FilesAreLayered -v .).
func TestFilesAreLayered(t *testing.T) {
	g := fileGraph(t)
	var nodes []string
	for f := range g {
		nodes = append(nodes, f)
	}
	sort.Strings(nodes)
	// Find a cycle by depth-first search; report its files and the names.
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var stack []string
	var cycle []string
	var visit func(string) bool
	visit = func(f string) bool {
		state[f] = open
		stack = append(stack, f)
		var next []string
		for to := range g[f] {
			next = append(next, to)
		}
		sort.Strings(next)
		for _, to := range next {
			switch state[to] {
			case open:
				i := slices.Index(stack, to)
				cycle = append(slices.Clone(stack[i:]), to)
				return true
			case unseen:
				if visit(to) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[f] = done
		return false
	}
	for _, f := range nodes {
		if state[f] == unseen && visit(f) {
			var b strings.Builder
			for i := 0; i+1 < len(cycle); i++ {
				b.WriteString("\n  " + cycle[i] + " uses " + cycle[i+1] + ": " + strings.Join(g[cycle[i]][cycle[i+1]], ", "))
			}
			t.Fatalf("files of the root package use each other in a circle; move the names so that one way holds:%s", b.String())
		}
	}
	// The height: the longest chain of uses.
	memo := map[string][]string{}
	var chain func(string) []string
	chain = func(f string) []string {
		if c, ok := memo[f]; ok {
			return c
		}
		best := []string{f}
		var next []string
		for to := range g[f] {
			next = append(next, to)
		}
		sort.Strings(next)
		for _, to := range next {
			if c := chain(to); len(c)+1 > len(best) {
				best = append([]string{f}, c...)
			}
		}
		memo[f] = best
		return best
	}
	var tallest []string
	for _, f := range nodes {
		if c := chain(f); len(c) > len(tallest) {
			tallest = c
		}
	}
	t.Logf("%d files, %d layers; the tallest chain: %s", len(nodes), len(tallest), strings.Join(tallest, " → "))
}
