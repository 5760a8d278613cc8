package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sello-mx/sello"
)

func catalogFixture() []sello.CatalogEntry {
	return []sello.CatalogEntry{
		{Code: "01010101", Description: "No existe en el catálogo", From: "2022-01-01", Extra: map[string]string{"palabras_similares": ""}},
		{Code: "43232408", Description: "Software de desarrollo de plataformas web", From: "2022-01-01", Extra: map[string]string{"palabras_similares": "Programación web"}},
		{Code: "80111600", Description: "Servicios de personal temporal", From: "2022-01-01", To: "2022-12-31", Extra: map[string]string{}},
		{Code: "84111506", Description: "Servicios de facturación", From: "2022-01-01", Extra: map[string]string{"palabras_similares": "Cobranza 100%"}},
	}
}

func testCatalogs(t *testing.T, s sello.Store) {
	ctx := context.Background()
	if codes, err := s.CatalogCodes(ctx, "c_ClaveProdServ"); err != nil || codes != nil {
		t.Errorf("CatalogCodes before import = %v, %v; want nil, nil", codes, err)
	}
	old := []sello.CatalogEntry{{Code: "99999999", Description: "Viejo", Extra: map[string]string{}}}
	if err := s.ReplaceCatalog(ctx, "c_ClaveProdServ", old, t0); err != nil {
		t.Fatalf("ReplaceCatalog: %v", err)
	}
	entries := catalogFixture()
	if err := s.ReplaceCatalog(ctx, "c_ClaveProdServ", entries, t0); err != nil {
		t.Fatalf("ReplaceCatalog again: %v", err)
	}
	if err := s.ReplaceCatalog(ctx, "c_CodigoPostal", []sello.CatalogEntry{{Code: "06600", Description: "06600", Extra: map[string]string{"estado": "CMX"}}}, t0); err != nil {
		t.Fatal(err)
	}
	bad := append(catalogFixture(), catalogFixture()[0])
	wantCode(t, "ReplaceCatalog(duplicate code)", s.ReplaceCatalog(ctx, "c_ClaveProdServ", bad, t0), sello.AlreadyExists)

	infos, err := s.FindCatalogInfos(ctx)
	want := []sello.CatalogInfo{{Name: "c_ClaveProdServ", Rows: 4, ImportedAt: t0}, {Name: "c_CodigoPostal", Rows: 1, ImportedAt: t0}}
	if err != nil || cmp.Diff(want, infos) != "" {
		t.Errorf("FindCatalogInfos = %v, %v; want %v", infos, err, want)
	}
	codes, err := s.CatalogCodes(ctx, "c_ClaveProdServ")
	if err != nil || len(codes) != 4 {
		t.Errorf("CatalogCodes = %v, %v; want the 4 codes of the second import", codes, err)
	}
	got, more, total, err := s.FindCatalogEntries(ctx, sello.CatalogEntryFilter{Catalog: "c_ClaveProdServ", ListOptions: sello.ListOptions{Limit: 3, Desc: true}})
	if err != nil || !more || total != 4 || len(got) != 3 {
		t.Fatalf("FindCatalogEntries(limit 3) = %d, %v, %d, %v", len(got), more, total, err)
	}
	if diff := cmp.Diff(&entries[1], got[1], cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("FindCatalogEntries entry (-want +got):\n%s", diff)
	}
	tests := []struct {
		name string
		f    sello.CatalogEntryFilter
		want []string
	}{
		{"code prefix", sello.CatalogEntryFilter{Query: "8411"}, []string{"84111506"}},
		{"folded description", sello.CatalogEntryFilter{Query: "facturacion"}, []string{"84111506"}},
		{"similar words", sello.CatalogEntryFilter{Query: "programacion"}, []string{"43232408"}},
		{"short", sello.CatalogEntryFilter{Query: "we"}, []string{"43232408"}},
		{"literal percent", sello.CatalogEntryFilter{Query: "100%"}, []string{"84111506"}},
		{"valid on", sello.CatalogEntryFilter{ValidOn: "2026-03-01"}, []string{"01010101", "43232408", "84111506"}},
		{"after cursor", sello.CatalogEntryFilter{ListOptions: sello.ListOptions{After: &sello.Cursor{Key: "43232408", ID: "43232408"}}}, []string{"80111600", "84111506"}},
		{"other catalog", sello.CatalogEntryFilter{Catalog: "c_Unknown"}, nil},
		{"other catalog with query", sello.CatalogEntryFilter{Catalog: "c_CodigoPostal", Query: "servicios"}, nil},
		{"query, two words", sello.CatalogEntryFilter{Query: "servicios de fact"}, []string{"84111506"}},
		{"query after cursor", sello.CatalogEntryFilter{Query: "servicios", ListOptions: sello.ListOptions{After: &sello.Cursor{Key: "80111600", ID: "80111600"}}}, []string{"84111506"}},
		{"query with offset", sello.CatalogEntryFilter{Query: "servicios", ListOptions: sello.ListOptions{Offset: 1}}, []string{"84111506"}},
		{"query valid on", sello.CatalogEntryFilter{Query: "servicios", ValidOn: "2026-03-01"}, []string{"84111506"}},
		{"query, no word", sello.CatalogEntryFilter{Query: "%%"}, nil},
	}
	for _, tt := range tests {
		if tt.f.Catalog == "" {
			tt.f.Catalog = "c_ClaveProdServ"
		}
		got, _, _, err := s.FindCatalogEntries(ctx, tt.f)
		if err != nil {
			t.Errorf("FindCatalogEntries(%s) = %v", tt.name, err)
			continue
		}
		var codes []string
		for _, e := range got {
			codes = append(codes, e.Code)
		}
		if diff := cmp.Diff(tt.want, codes, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("FindCatalogEntries(%s) (-want +got):\n%s", tt.name, diff)
		}
	}
}
