package httpapi

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

// importFixtures imports the project's c_ClaveProdServ and c_CodigoPostal
// fixtures through the Service.
func importFixtures(t *testing.T, e *env) {
	t.Helper()
	for _, name := range []string{"c_ClaveProdServ", "c_CodigoPostal"} {
		f, err := os.Open(filepath.Join("..", "testdata", "catalogs", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		entries, err := sello.ReadCatalogCSV(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.ImportCatalog(context.Background(), name, entries); err != nil {
			t.Fatalf("ImportCatalog(%s): %v", name, err)
		}
	}
}

func TestCatalogRoutes(t *testing.T) {
	t.Parallel()
	e := setup(t)
	resp, out := e.do(t, "GET", "/v2/catalogs?limit=100", bearer(e.test), "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /v2/catalogs = %d %v", resp.StatusCode, out)
	}
	byID := map[string]map[string]any{}
	var ids []string
	for _, c := range lookup(out, "data").([]any) {
		m := c.(map[string]any)
		byID[m["id"].(string)] = m
		ids = append(ids, m["id"].(string))
	}
	for _, id := range []string{"c_RegimenFiscal", "c_UsoCFDI", "c_FormaPago", "c_MetodoPago", "c_Moneda", "c_Pais",
		"c_Impuesto", "c_TipoFactor", "c_TasaOCuota", "c_ObjetoImp", "c_Exportacion", "c_TipoRelacion", "c_Periodicidad",
		"c_Meses", "c_TipoDeComprobante", "c_MotivoCancelacion", "c_ClaveUnidad", "c_ClaveProdServ", "c_CodigoPostal", "c_Estado"} {
		if byID[id] == nil {
			t.Errorf("GET /v2/catalogs lacks %s", id)
		}
	}
	if byID["c_ClaveProdServ"]["rowCount"] != 0.0 || byID["c_RegimenFiscal"]["rowCount"] != 19.0 {
		t.Errorf("rowCount: c_ClaveProdServ %v, c_RegimenFiscal %v; want 0 and 19", byID["c_ClaveProdServ"]["rowCount"], byID["c_RegimenFiscal"]["rowCount"])
	}
	if fmt.Sprint(byID["c_CodigoPostal"]["aliases"]) != "[postal_codes zip_codes]" {
		t.Errorf("c_CodigoPostal aliases = %v", byID["c_CodigoPostal"]["aliases"])
	}
	if !sortedStrings(ids) {
		t.Errorf("catalogs not sorted by id: %v", ids)
	}

	resp, out = e.do(t, "GET", "/v2/catalogs/TAX_SYSTEMS?q=SIN+OBLIGACION", bearer(e.test), "")
	if resp.StatusCode != 200 || lookup(out, "total_results") != 1.0 {
		t.Fatalf("GET /v2/catalogs/TAX_SYSTEMS?q=… = %d %v", resp.StatusCode, out)
	}
	want := map[string]any{"id": "616", "description": "Sin obligaciones fiscales", "validFrom": "2022-01-01",
		"validTo": nil, "appliesToPersonaFisica": true, "appliesToPersonaMoral": false}
	if diff := cmp.Diff(want, lookup(out, "data.0")); diff != "" {
		t.Errorf("c_RegimenFiscal 616 (-want +got):\n%s", diff)
	}
	_, out = e.do(t, "GET", "/v2/catalogs/cfdi_uses?q=g03", bearer(e.test), "")
	if fmt.Sprint(lookup(out, "data.0.compatibleTaxSystems")) != "[601 603 606 612 620 621 622 623 624 625 626]" {
		t.Errorf("G03 compatibleTaxSystems = %v", lookup(out, "data.0.compatibleTaxSystems"))
	}
	_, out = e.do(t, "GET", "/v2/catalogs/tax_rates?q=ieps", bearer(e.test), "")
	if n := len(lookup(out, "data").([]any)); n == 0 || !strings.HasPrefix(lookup(out, "data.0.id").(string), "IEPS|") {
		t.Errorf("tax_rates?q=ieps = %v", out)
	}
	var got []string
	next := ""
	for range 10 {
		path := "/v2/catalogs/c_MetodoPago?limit=1"
		if next != "" {
			path += "&next=" + url.QueryEscape(next)
		}
		_, out = e.do(t, "GET", path, bearer(e.test), "")
		for _, m := range lookup(out, "data").([]any) {
			got = append(got, m.(map[string]any)["id"].(string))
		}
		if next, _ = lookup(out, "next").(string); next == "" {
			break
		}
	}
	if diff := cmp.Diff([]string{"PPD", "PUE"}, got); diff != "" {
		t.Errorf("paging c_MetodoPago (-want +got):\n%s", diff)
	}
	if resp, _ := e.do(t, "GET", "/v2/catalogs/c_Nope", bearer(e.test), ""); resp.StatusCode != 404 {
		t.Errorf("unknown catalog = %d, want 404", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/v2/catalogs/c_ClaveProdServ", bearer(e.test), ""); resp.StatusCode != 200 {
		t.Errorf("c_ClaveProdServ before import = %d, want 200 and no entries", resp.StatusCode)
	}
}

func TestImportedCatalogsValidate(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// Before the import, codes of the right shape pass.
	if resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), `{"name":"x","price":1,"product_key":"12345678"}`); resp.StatusCode != 201 {
		t.Errorf("unknown product_key before import = %d %v", resp.StatusCode, out)
	}
	importFixtures(t, e)
	resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), `{"name":"x","price":1,"product_key":"12345678"}`)
	if resp.StatusCode != 400 || !strings.Contains(fmt.Sprint(lookup(out, "error.details")), "product_key: is not a code of c_ClaveProdServ") {
		t.Errorf("unknown product_key after import = %d %v", resp.StatusCode, out)
	}
	if resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), `{"name":"x","price":1,"product_key":"84111506"}`); resp.StatusCode != 201 {
		t.Errorf("known product_key = %d %v", resp.StatusCode, out)
	}
	resp, out = e.do(t, "POST", "/v2/clients", bearer(e.test), `{"name":"x","zip":"99999"}`)
	if resp.StatusCode != 400 || !strings.Contains(fmt.Sprint(lookup(out, "error.details")), "address.zip: CFDI40147: is not a postal code of c_CodigoPostal") {
		t.Errorf("unknown zip after import = %d %v", resp.StatusCode, out)
	}
	resp, out = e.do(t, "GET", "/v2/catalogs/product_keys?q=FACTURACION", bearer(e.test), "")
	if resp.StatusCode != 200 || lookup(out, "data.0.id") != "84111506" || lookup(out, "data.0.similarWords") != "Cobranza" {
		t.Errorf("product_keys?q=FACTURACION = %d %v", resp.StatusCode, out)
	}
	_, out = e.do(t, "GET", "/v2/catalogs/zip_codes?q=220&active=true", bearer(e.test), "")
	if lookup(out, "data.0.id") != "22000" || lookup(out, "data.0.state") != "BCN" || lookup(out, "data.0.borderZoneIncentive") != true {
		t.Errorf("zip_codes?q=220 = %v", out)
	}
	_, out = e.do(t, "GET", "/v2/catalogs", bearer(e.test), "")
	for _, c := range lookup(out, "data").([]any) {
		if m := c.(map[string]any); m["id"] == "c_CodigoPostal" && m["rowCount"] != 9.0 {
			t.Errorf("c_CodigoPostal rowCount = %v, want 9", m["rowCount"])
		}
	}
}

func sortedStrings(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}
