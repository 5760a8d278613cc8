package sello_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Peña  Núñez": "pena nunez", "ÁÉÍÓÚÜ": "aeiouu", "  Ça va ": "ca va", "EKU9003173C9": "eku9003173c9", "": "",
		"sa\x1fde cv": "sa de cv", "\x1f": "", // the separator of a search text's parts
	} {
		if got := sello.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadCatalogCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, catalog, csv string
		want               []sello.CatalogEntry
		wantErr            string
	}{
		{"plain", "c_ClaveUnidad", "id,texto,descripcion,vigencia_desde,vigencia_hasta,simbolo\nE48,Unidad de servicio,Detalle,2022-01-01,,\n",
			[]sello.CatalogEntry{{Code: "E48", Description: "Unidad de servicio", From: "2022-01-01",
				Extra: map[string]string{"descripcion": "Detalle", "simbolo": ""}}}, ""},
		{"no texto", "c_TipoFactor", "id,vigencia_desde,vigencia_hasta\nTasa,2022-01-01,\n",
			[]sello.CatalogEntry{{Code: "Tasa", Description: "Tasa", From: "2022-01-01", Extra: map[string]string{}}}, ""},
		{"codes per state", "c_Municipio", "municipio,estado,texto,vigencia_desde,vigencia_hasta\n001,AGU,Aguascalientes,2022-01-01,\n001,BCN,Ensenada,2022-01-01,\n",
			[]sello.CatalogEntry{
				{Code: "001|AGU", Description: "Aguascalientes", From: "2022-01-01", Extra: map[string]string{"estado": "AGU"}},
				{Code: "001|BCN", Description: "Ensenada", From: "2022-01-01", Extra: map[string]string{"estado": "BCN"}}}, ""},
		{"tasa o cuota", "c_TasaOCuota", "tipo,minimo,valor,impuesto,factor,traslado,retencion,vigencia_desde,vigencia_hasta\nFijo,,0.160000,IVA,Tasa,1,,2022-01-01,\n",
			[]sello.CatalogEntry{{Code: "IVA|Tasa|Fijo|0.160000", Description: "IVA|Tasa|Fijo|0.160000", From: "2022-01-01",
				Extra: map[string]string{"tipo": "Fijo", "minimo": "", "valor": "0.160000", "impuesto": "IVA", "factor": "Tasa", "traslado": "1", "retencion": ""}}}, ""},
		{"empty code", "c_X", "id,texto\n,nada\n", nil, "line 2 has no code"},
		{"repeated code and pair", "c_X", "id,estado\n1,A\n1,A\n", nil, "code 1|A repeats"},
		{"bad csv", "c_X", "id,texto\n\"open,x\n", nil, "read c_X"},
		{"huge rate", "c_TasaOCuota", "tipo,minimo,valor,impuesto,factor\nFijo,,1e100000000,IVA,Tasa\n", nil, "line 2: valor \"1e100000000\" must have at most 18 integer digits"},
		{"rate not a number", "c_TasaOCuota", "tipo,minimo,valor,impuesto,factor\nRango,NaN,0.160000,IVA,Tasa\n", nil, "minimo \"NaN\" must be a number"},
		{"currency decimals", "c_Moneda", "id,texto,decimales,porcentaje_variacion\nMXN,Peso,7,5\n", nil, "decimales \"7\" must be an integer from 0 to 6"},
	}
	for _, tt := range tests {
		got, err := sello.ReadCatalogCSV(tt.catalog, strings.NewReader(tt.csv))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ReadCatalogCSV(%s) error = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ReadCatalogCSV(%s) = %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ReadCatalogCSV(%s) (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestCatalogName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"/x/c_ClaveProdServ.csv": "c_ClaveProdServ", "c_Estado.CSV": "c_Estado", "go.mod": "", "c_.csv": ""} {
		got, err := sello.CatalogName(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("CatalogName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
