package sat

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// catalogDir returns ../shared/sat/catalogs next to the repository root, or
// skips the test when it is missing (fails instead when CI is set).
func catalogDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	cat := filepath.Join(dir, "..", "shared", "sat", "catalogs")
	if _, err := os.Stat(cat); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("SAT catalogs missing: %v", err)
		}
		t.Skipf("SAT catalogs not available: %v", err)
	}
	return cat
}

// readCatalogCSV returns the rows of a catalog CSV as maps keyed by column name.
func readCatalogCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		r := map[string]string{}
		for i, name := range recs[0] {
			r[name] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, r)
	}
	return rows
}

// TestCatalogsMatchCSV checks every built-in catalog against its CSV: same
// number of rows, and every row found with its description and dates.
func TestCatalogsMatchCSV(t *testing.T) {
	t.Parallel()
	dir := catalogDir(t)
	codeColumn := map[Catalog]string{Estado: "estado"}
	for _, c := range Catalogs() {
		rows := readCatalogCSV(t, filepath.Join(dir, string(c)+".csv"))
		if got := len(Entries(c)); got != len(rows) {
			t.Errorf("len(Entries(%s)) = %d, want %d rows as in the CSV", c, got, len(rows))
		}
		col := codeColumn[c]
		if col == "" {
			col = "id"
		}
		for _, r := range rows {
			want := Entry{Code: r[col], Description: r["texto"], From: r["vigencia_desde"], To: r["vigencia_hasta"]}
			got, ok := Lookup(c, r[col])
			if !ok {
				t.Errorf("Lookup(%s, %q) not found", c, r[col])
				continue
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Lookup(%s, %q) mismatch (-want +got):\n%s", c, r[col], diff)
			}
		}
	}
	if got, want := len(TasaOCuotaRules()), len(readCatalogCSV(t, filepath.Join(dir, "c_TasaOCuota.csv"))); got != want {
		t.Errorf("len(TasaOCuotaRules()) = %d, want %d", got, want)
	}
}

// TestCatalogCounts pins the row counts of the data the package was built
// from, so a regenerated file that loses rows is noticed without the CSVs.
func TestCatalogCounts(t *testing.T) {
	t.Parallel()
	want := map[Catalog]int{
		Aduana: 50, ClaveUnidad: 2418, Estado: 95, Exportacion: 4, FormaPagoCatalog: 22,
		Impuesto: 3, Meses: 18, MetodoPago: 2, MonedaCatalog: 183, MotivoCancelacion: 4,
		ObjetoImp: 8, Pais: 250, Periodicidad: 5, RegimenFiscal: 19, TipoCadenaPago: 1,
		TipoDeComprobanteCatalog: 5, TipoFactor: 3, TipoRelacion: 7, UsoCFDI: 24,
	}
	got := map[Catalog]int{}
	for _, c := range Catalogs() {
		got[c] = len(Entries(c))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("catalog sizes (-want +got):\n%s", diff)
	}
}

// TestEntriesSorted checks what the binary search relies on.
func TestEntriesSorted(t *testing.T) {
	t.Parallel()
	for _, c := range Catalogs() {
		e := Entries(c)
		if !slices.IsSortedFunc(e, func(a, b Entry) int { return strings.Compare(a.Code, b.Code) }) {
			t.Errorf("Entries(%s) is not sorted by code", c)
		}
		if len(e) == 0 {
			t.Errorf("Entries(%s) is empty", c)
		}
	}
	for _, u := range usos {
		if !slices.IsSorted(u.Regimenes) {
			t.Errorf("uso %s: Regimenes %v not sorted", u.Code, u.Regimenes)
		}
	}
}

func TestEntriesIsACopy(t *testing.T) {
	t.Parallel()
	e := Entries(MetodoPago)
	e[0].Description = "changed"
	if got, _ := Lookup(MetodoPago, e[0].Code); got.Description == "changed" {
		t.Error("Entries(MetodoPago) shares its rows with the package data")
	}
	if got := Entries("c_Nothing"); got != nil {
		t.Errorf("Entries(c_Nothing) = %v, want nil", got)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    Catalog
		code string
		want string // description; "" when not found
	}{
		{MetodoPago, "PUE", "Pago en una sola exhibición"},
		{MetodoPago, "PPD", "Pago en parcialidades o diferido"},
		{MetodoPago, "pue", ""},
		{ClaveUnidad, "H87", "Pieza"},
		{ClaveUnidad, "E48", "Unidad de servicio"},
		{ClaveUnidad, "ACT", "Actividad"},
		{ClaveUnidad, "ZZZ", ""},
		{ObjetoImp, "02", "Sí objeto de impuesto."},
		{ObjetoImp, "09", ""},
		{Impuesto, "002", "IVA"},
		{TipoFactor, "Exento", ""}, // found, but c_TipoFactor has no description
		{TipoRelacion, "04", "Sustitución de los CFDI previos"},
		{Exportacion, "01", "No aplica"},
		{Periodicidad, "04", "Mensual"},
		{Meses, "13", "Enero-Febrero"},
		{Pais, "MEX", "México"},
		{Estado, "JAL", "Jalisco"},
		{Aduana, "01", "ACAPULCO, ACAPULCO DE JUAREZ, GUERRERO."},
		{TipoCadenaPago, "01", "SPEI"},
		{MotivoCancelacion, "02", "Comprobante emitido con errores sin relación"},
		{RegimenFiscal, "601", "General de Ley Personas Morales"},
		{UsoCFDI, "G03", "Gastos en general."},
		{MonedaCatalog, "MXN", "Peso Mexicano"},
		{FormaPagoCatalog, "03", "Transferencia electrónica de fondos"},
		{TipoDeComprobanteCatalog, "I", "Ingreso"},
		{"c_Nothing", "01", ""},
	}
	for _, tt := range tests {
		got, ok := Lookup(tt.c, tt.code)
		if got.Description != tt.want || (ok && got.Code != tt.code) {
			t.Errorf("Lookup(%s, %q) = %+v, %t; want description %q", tt.c, tt.code, got, ok, tt.want)
		}
	}
	if _, ok := Lookup(TipoFactor, "Exento"); !ok {
		t.Error("Lookup(TipoFactor, Exento) not found")
	}
}

func TestValidAt(t *testing.T) {
	t.Parallel()
	e := Entry{Code: "06", From: "2024-12-13", To: "2025-12-31"}
	open := Entry{Code: "01"}
	tests := []struct {
		e    Entry
		date string
		want bool
	}{
		{e, "2024-12-12", false},
		{e, "2024-12-13", true},
		{e, "2024-12-13T00:00:00", true},
		{e, "2025-12-31T23:59:59", true},
		{e, "2026-01-01", false},
		{e, "", true},
		{e, "2025", false},
		{open, "1999-01-01", true},
		{open, "2099-12-31T10:00:00", true},
	}
	for _, tt := range tests {
		if got := tt.e.ValidAt(tt.date); got != tt.want {
			t.Errorf("%+v.ValidAt(%q) = %t, want %t", tt.e, tt.date, got, tt.want)
		}
	}
	objeto06, _ := Lookup(ObjetoImp, "06")
	if objeto06.ValidAt("2024-06-01T12:00:00") || !objeto06.ValidAt("2025-01-01T12:00:00") {
		t.Errorf("ObjetoImp 06 (from %s): validity wrong", objeto06.From)
	}
}

func BenchmarkLookupClaveUnidad(b *testing.B) {
	codes := []string{"H87", "E48", "ACT", "KGM", "XBX", "ZZZ"}
	i := 0
	for b.Loop() {
		Lookup(ClaveUnidad, codes[i%len(codes)])
		i++
	}
}

func TestParseCatalog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want Catalog
		ok   bool
	}{
		{"c_UsoCFDI", UsoCFDI, true},
		{"UsoCFDI", UsoCFDI, true},
		{"c_ClaveUnidad", ClaveUnidad, true},
		{"Moneda", MonedaCatalog, true},
		{"c_TasaOCuota", "", false},
		{"c_ClaveProdServ", "", false},
		{"usocfdi", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseCatalog(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseCatalog(%q) = %q, %t; want %q, %t", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	for _, c := range Catalogs() {
		if got, ok := ParseCatalog(string(c)); got != c || !ok {
			t.Errorf("ParseCatalog(%q) = %q, %t", c, got, ok)
		}
	}
}

func TestDescription(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c          Catalog
		code, want string
	}{
		{RegimenFiscal, "616", "Sin obligaciones fiscales"},
		{FormaPagoCatalog, "99", "Por definir"},
		{ClaveUnidad, "H87", "Pieza"},
		{ClaveUnidad, "nope", ""},
	}
	for _, tt := range tests {
		if got := Description(tt.c, tt.code); got != tt.want {
			t.Errorf("Description(%s, %q) = %q, want %q", tt.c, tt.code, got, tt.want)
		}
	}
}
