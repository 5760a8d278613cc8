package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sello-mx/sello"
)

// searchCatalogName is the catalog the search tests import.
const searchCatalogName = "c_Busqueda"

func searchCatalogFixture() []sello.CatalogEntry {
	return []sello.CatalogEntry{
		{Code: "XBX", Description: `Caja "grande"`, Extra: map[string]string{}},
		{Code: "H87", Description: "Pieza", Extra: map[string]string{}},
		{Code: "E48", Description: "Unidad de servicio", From: "2022-01-01", Extra: map[string]string{}},
		{Code: "ACT", Description: "Actividad", To: "2020-12-31", Extra: map[string]string{}},
		{Code: "KGM", Description: "Kilogramo_neto 50%", Extra: map[string]string{}},
		{Code: "MTR", Description: "Metro", Extra: map[string]string{"palabras_similares": "Peña Núñez"}},
		{Code: "SYM", Description: `(1)*2:3^4 {5}+6 OR/7 AND`, Extra: map[string]string{}},
	}
}

// testCatalogSearch checks q on catalogs: a case- and accent-insensitive
// substring anywhere in the code, description or similar words, whatever
// its length, with LIKE and FTS syntax taken literally, and exact totals.
func testCatalogSearch(t *testing.T, s sello.Store) {
	ctx := context.Background()
	if err := s.ReplaceCatalog(ctx, searchCatalogName, searchCatalogFixture(), t0); err != nil {
		t.Fatalf("ReplaceCatalog: %v", err)
	}
	tests := []struct {
		name  string
		f     sello.CatalogEntryFilter
		want  []string
		total int
		more  bool
	}{
		{"middle of a word", sello.CatalogEntryFilter{Query: "vida"}, []string{"ACT"}, 1, false},
		{"middle of a word, 4", sello.CatalogEntryFilter{Query: "ogra"}, []string{"KGM"}, 1, false},
		{"accents and case", sello.CatalogEntryFilter{Query: sello.Fold("NÚÑEZ")}, []string{"MTR"}, 1, false},
		{"middle of the code", sello.CatalogEntryFilter{Query: "48"}, []string{"E48"}, 1, false},
		{"one character", sello.CatalogEntryFilter{Query: "z"}, []string{"H87", "MTR"}, 2, false},
		{"two characters", sello.CatalogEntryFilter{Query: "ad"}, []string{"ACT", "E48"}, 2, false},
		{"two characters valid on", sello.CatalogEntryFilter{Query: "ad", ValidOn: "2026-03-01"}, []string{"E48"}, 1, false},
		{"one character, limit", sello.CatalogEntryFilter{Query: "e", ListOptions: sello.ListOptions{Limit: 2}}, []string{"E48", "H87"}, 5, true},
		{"one character, offset", sello.CatalogEntryFilter{Query: "e", ListOptions: sello.ListOptions{Offset: 3}}, []string{"MTR", "XBX"}, 5, false},
		{"one character after cursor", sello.CatalogEntryFilter{Query: "e", ListOptions: sello.ListOptions{After: &sello.Cursor{Key: "H87", ID: "H87"}}}, []string{"KGM", "MTR", "XBX"}, 5, false},
		{"long after cursor", sello.CatalogEntryFilter{Query: "tro", ListOptions: sello.ListOptions{After: &sello.Cursor{Key: "KGM", ID: "KGM"}}}, []string{"MTR"}, 1, false},
		{"long valid on", sello.CatalogEntryFilter{Query: "idad", ValidOn: "2026-03-01"}, []string{"E48"}, 1, false},
		{"underscore", sello.CatalogEntryFilter{Query: "_"}, []string{"KGM"}, 1, false},
		{"underscore inside", sello.CatalogEntryFilter{Query: "o_n"}, []string{"KGM"}, 1, false},
		{"percent", sello.CatalogEntryFilter{Query: "%"}, []string{"KGM"}, 1, false},
		{"percent inside", sello.CatalogEntryFilter{Query: "0%"}, []string{"KGM"}, 1, false},
		{"percent as a wildcard", sello.CatalogEntryFilter{Query: "o%n"}, nil, 0, false},
		{"underscore as a wildcard", sello.CatalogEntryFilter{Query: "p_eza"}, nil, 0, false},
		{"quotes", sello.CatalogEntryFilter{Query: `"grande"`}, []string{"XBX"}, 1, false},
		{"quote", sello.CatalogEntryFilter{Query: `"`}, []string{"XBX"}, 1, false},
		{"fts syntax", sello.CatalogEntryFilter{Query: "caja OR metro"}, nil, 0, false},
		{"no match", sello.CatalogEntryFilter{Query: "zzz"}, nil, 0, false},
		{"no match, short", sello.CatalogEntryFilter{Query: "zz"}, nil, 0, false},
	}
	for _, tt := range tests {
		tt.f.Catalog = searchCatalogName
		got, more, total, err := s.FindCatalogEntries(ctx, tt.f)
		if err != nil {
			t.Errorf("FindCatalogEntries(%s) = %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, entryCodes(got), cmpopts.EquateEmpty()); diff != "" || total != tt.total || more != tt.more {
			t.Errorf("FindCatalogEntries(%s): total %d, more %v, want %d, %v (-want +got):\n%s", tt.name, total, more, tt.total, tt.more, diff)
		}
	}
	checkCatalogSubstrings(t, s, searchCatalogFixture())

	// A new import replaces what short queries count.
	again := searchCatalogFixture()[:2]
	if err := s.ReplaceCatalog(ctx, searchCatalogName, again, t0); err != nil {
		t.Fatalf("ReplaceCatalog again: %v", err)
	}
	checkCatalogSubstrings(t, s, again)
}

// checkCatalogSubstrings checks every substring of one to four characters
// of the entries' search texts against a plain strings.Contains.
func checkCatalogSubstrings(t *testing.T, s sello.Store, entries []sello.CatalogEntry) {
	t.Helper()
	slices.SortFunc(entries, func(a, b sello.CatalogEntry) int { return strings.Compare(a.Code, b.Code) })
	var texts []string
	for _, e := range entries {
		texts = append(texts, e.SearchText())
	}
	for _, q := range substrings(texts, 4) {
		var want []string
		for i, text := range texts {
			if strings.Contains(text, q) {
				want = append(want, entries[i].Code)
			}
		}
		f := sello.CatalogEntryFilter{Catalog: searchCatalogName, Query: q, ListOptions: sello.ListOptions{Limit: 100}}
		got, _, total, err := s.FindCatalogEntries(context.Background(), f)
		if err != nil || total != len(want) || cmp.Diff(want, entryCodes(got), cmpopts.EquateEmpty()) != "" {
			t.Errorf("FindCatalogEntries(q %q) = %v, total %d, %v; want %v", q, entryCodes(got), total, err, want)
		}
	}
}

// substrings returns the distinct substrings of one to n characters of texts.
func substrings(texts []string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		r := []rune(t)
		for i := range r {
			for j := i + 1; j <= min(len(r), i+n); j++ {
				if q := string(r[i:j]); !seen[q] {
					seen[q] = true
					out = append(out, q)
				}
			}
		}
	}
	return out
}

func entryCodes(es []*sello.CatalogEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Code)
	}
	return out
}
