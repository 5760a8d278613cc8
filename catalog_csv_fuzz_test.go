package sello_test

import (
	"strings"
	"testing"

	"github.com/sello-mx/sello"
)

// FuzzReadCatalogCSV checks that any input either fails or yields entries
// with non-empty, unique codes.
func FuzzReadCatalogCSV(f *testing.F) {
	f.Add("c_Municipio", "municipio,estado,texto\n001,AGU,Aguascalientes\n001,BCN,Ensenada\n")
	f.Add("c_TasaOCuota", "tipo,minimo,valor,impuesto,factor\nFijo,,0.160000,IVA,Tasa\n")
	f.Add("c_ClaveUnidad", "id,texto,vigencia_desde\nE48,Unidad,2022-01-01\n")
	f.Fuzz(func(t *testing.T, name, data string) {
		entries, err := sello.ReadCatalogCSV(name, strings.NewReader(data))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.Code == "" || seen[e.Code] {
				t.Fatalf("ReadCatalogCSV(%q, %q): empty or repeated code %q", name, data, e.Code)
			}
			seen[e.Code] = true
		}
	})
}
