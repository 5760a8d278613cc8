package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
	"github.com/sello-mx/sello/store/sqlite"
)

// TestCatalogsImport imports every CSV of ../shared/sat/catalogs plus the
// project's fixtures for c_ClaveProdServ and c_CodigoPostal, twice (the
// second import replaces the first), and checks counts and entries.
func TestCatalogsImport(t *testing.T) {
	t.Parallel()
	shared := filepath.Join(cfditest.SharedDir(t), "sat", "catalogs")
	fixtures := filepath.Join(cfditest.RepoRoot(t), "testdata", "catalogs")
	db := filepath.Join(t.TempDir(), "sello.db")
	env := getenvFrom(nil)
	cli(t, env, "catalogs", "import", "--db", db, shared, fixtures)
	out := cli(t, env, "catalogs", "import", shared, filepath.Join(fixtures, "c_CodigoPostal.csv"), "--db", db)
	for _, line := range []string{"c_ClaveUnidad: 2418 rows", "c_Municipio: 2478 rows", "c_Localidad: 664 rows",
		"c_Estado: 95 rows", "c_TasaOCuota: 19 rows", "c_CodigoPostal: 9 rows"} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("output lacks %q:\n%s", line, out)
		}
	}

	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	infos, err := store.FindCatalogInfos(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, i := range infos {
		rows[i.Name] = i.Rows
	}
	want := map[string]int{
		"c_Aduana": 50, "c_ClaveProdServ": 7, "c_ClaveUnidad": 2418, "c_CodigoPostal": 9, "c_Estado": 95,
		"c_Exportacion": 4, "c_FormaPago": 22, "c_Impuesto": 3, "c_Localidad": 664, "c_Meses": 18,
		"c_MetodoPago": 2, "c_Moneda": 183, "c_MotivoCancelacion": 4, "c_Municipio": 2478, "c_ObjetoImp": 8,
		"c_Pais": 250, "c_Periodicidad": 5, "c_RegimenFiscal": 19, "c_TasaOCuota": 19, "c_TipoCadenaPago": 1,
		"c_TipoDeComprobante": 5, "c_TipoFactor": 3, "c_TipoRelacion": 7, "c_UsoCFDI": 24,
	}
	for name, n := range want {
		if rows[name] != n {
			t.Errorf("%s has %d rows, want %d", name, rows[name], n)
		}
	}
	entries := []struct {
		catalog, q, code, desc, extra, value string
	}{
		{"c_ClaveUnidad", "e48", "E48", "Unidad de servicio", "", ""},
		{"c_ClaveUnidad", "kilogramo", "KGM", "Kilogramo", "simbolo", "kg"},
		{"c_Estado", "jalisco", "JAL", "Jalisco", "pais", "MEX"},
		{"c_Municipio", "guadalajara", "039|JAL", "Guadalajara", "estado", "JAL"},
		{"c_RegimenFiscal", "sin obligaciones", "616", "Sin obligaciones fiscales", "aplica_fisica", "1"},
		{"c_UsoCFDI", "gastos en general", "G03", "Gastos en general.", "aplica_moral", "1"},
		{"c_Pais", "mexico", "MEX", "México", "", ""},
		{"c_TasaOCuota", "iva|tasa|fijo|0.16", "IVA|Tasa|Fijo|0.160000", "IVA|Tasa|Fijo|0.160000", "traslado", "1"},
		{"c_ClaveProdServ", "facturacion", "84111506", "Servicios de facturación", "palabras_similares", "Cobranza"},
		{"c_CodigoPostal", "22000", "22000", "22000", "estimulo_franja_fronteriza", "1"},
	}
	for _, tt := range entries {
		got, _, _, err := store.FindCatalogEntries(ctx, sello.CatalogEntryFilter{Catalog: tt.catalog, Query: sello.Fold(tt.q),
			ListOptions: sello.ListOptions{Limit: 100}})
		if err != nil {
			t.Errorf("FindCatalogEntries(%s, %q) = %v", tt.catalog, tt.q, err)
			continue
		}
		var found *sello.CatalogEntry
		for _, e := range got {
			if e.Code == tt.code {
				found = e
			}
		}
		if found == nil {
			t.Errorf("FindCatalogEntries(%s, %q) lacks %s (got %d entries)", tt.catalog, tt.q, tt.code, len(got))
			continue
		}
		if found.Description != tt.desc || (tt.extra != "" && found.Extra[tt.extra] != tt.value) {
			t.Errorf("%s %s = %+v, want description %q and %s=%q", tt.catalog, tt.code, found, tt.desc, tt.extra, tt.value)
		}
	}
}

func TestCatalogsImportErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{}, {"/nonexistent/c_X.csv"}, {filepath.Join(cfditest.RepoRoot(t), "go.mod")}} {
		var out, errOut bytes.Buffer
		argv := append([]string{"sello", "catalogs", "import", "--db", filepath.Join(t.TempDir(), "x.db")}, args...)
		if err := run(context.Background(), argv, getenvFrom(nil), &out, &errOut); err == nil {
			t.Errorf("sello catalogs import %v succeeded", args)
		}
	}
}
