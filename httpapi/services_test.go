package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

func TestServiceCRUD(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// The official CLI's `services create … --iva` (API.md §15).
	cli := `{"description":"Consultoría","unit_price":"1500.505","product_key":"84111506","unit_key":"E48",
		"taxes":[{"type":"iva","rate":0.16,"factor":"Tasa","withholding":false}],"sku":"CONS-1"}`
	resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), cli)
	if resp.StatusCode != 201 {
		t.Fatalf("POST /v2/services = %d %v", resp.StatusCode, out)
	}
	id := lookup(out, "data.id").(string)
	for path, w := range map[string]any{
		"data.description": "Consultoría", "data.name": "Consultoría",
		"data.unit_price": 1500.505, "data.unitPrice": 1500.505, "data.price": 1500.505,
		"data.product_key": "84111506", "data.productKey": "84111506", "data.unit_key": "E48", "data.unitKey": "E48",
		"data.unit_name": "Unidad de servicio", "data.unitName": "Unidad de servicio", "data.unit": "Unidad de servicio",
		"data.taxes.0.type": "IVA", "data.taxes.0.rate": 0.16, "data.taxRate": 0.16, "data.taxability": "02",
		"data.sku": "CONS-1", "data.currency": "MXN", "data.quantity": 1.0, "data.active": true, "data.isActive": true,
		"data.category": nil, "data.livemode": false, "data.owner": nil,
	} {
		if got := lookup(out, path); got != w {
			t.Errorf("POST /v2/services: %s = %v, want %v", path, got, w)
		}
	}
	resp, out = e.do(t, "POST", "/v2/services", bearer(e.test), `{"name":"Otro","price":1,"sku":"CONS-1"}`)
	if resp.StatusCode != 409 || lookup(out, "error.code") != "resource_already_exists" {
		t.Errorf("duplicate sku = %d %v, want 409 resource_already_exists", resp.StatusCode, out)
	}
	if resp, _ := e.do(t, "POST", "/v2/services", bearer(e.live), `{"name":"Otro","price":1,"sku":"CONS-1"}`); resp.StatusCode != 201 {
		t.Errorf("same sku in live mode = %d, want 201", resp.StatusCode)
	}
	// OLD spellings: name, price, unit, taxRate, isActive.
	resp, out = e.do(t, "POST", "/v2/services", bearer(e.test), `{"name":"Licencia","price":"99.99","unit":"Pieza","unitKey":"H87","taxRate":0.08,"isActive":false,"category":"software"}`)
	if resp.StatusCode != 201 || lookup(out, "data.description") != "Licencia" || lookup(out, "data.unit_name") != "Pieza" ||
		lookup(out, "data.taxes.0.rate") != 0.08 || lookup(out, "data.active") != false || lookup(out, "data.category") != "software" {
		t.Errorf("POST with OLD spellings = %d %v", resp.StatusCode, out)
	}

	resp, out = e.do(t, "PUT", "/v2/services/"+id, bearer(e.test), `{"unit_price":2000,"taxes":[],"metadata":{"a":"b"}}`)
	if resp.StatusCode != 200 || lookup(out, "data.unit_price") != 2000.0 || lookup(out, "data.taxability") != "01" ||
		lookup(out, "data.taxRate") != 0.0 || lookup(out, "data.metadata.a") != "b" || lookup(out, "data.sku") != "CONS-1" {
		t.Errorf("PUT = %d %v", resp.StatusCode, out)
	}
	if resp, out := e.do(t, "GET", "/v2/services/"+id, bearer(e.live), ""); resp.StatusCode != 404 {
		t.Errorf("GET a test service with a live key = %d %v", resp.StatusCode, out)
	}
	if resp, _ := e.do(t, "DELETE", "/v2/services/"+id, bearer(e.test), ""); resp.StatusCode != 200 {
		t.Errorf("DELETE = %d", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/v2/services/"+id, bearer(e.test), ""); resp.StatusCode != 404 {
		t.Errorf("GET after DELETE = %d", resp.StatusCode)
	}
	if resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), `{"name":"Reuso","price":1,"sku":"CONS-1"}`); resp.StatusCode != 201 {
		t.Errorf("sku of a deleted service = %d %v", resp.StatusCode, out)
	}
	evs, _, _, _ := e.svc.FindEvents(context.Background(), sello.EventFilter{TeamID: e.parent.ID})
	var types []string
	for _, ev := range evs {
		types = append(types, ev.Type)
	}
	wantTypes := []string{"service.created", "service.created", "service.updated", "service.deleted", "service.created"}
	if diff := cmp.Diff(wantTypes, types); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestServiceValidation(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tests := []struct {
		body    string
		details []string
	}{
		{`{}`, []string{"unit_price: is required", "description: is required"}},
		{`{"description":"x","unit_price":-1}`, []string{"unit_price: must be at least 0"}},
		{`{"description":"x","unit_price":"abc"}`, []string{"unit_price: must be a number"}},
		{`{"description":"x","unit_price":1.1234567}`, []string{"unit_price: must have at most 6 decimals"}},
		{`{"description":"x","unit_price":1,"product_key":"1234"}`, []string{"product_key: must be a c_ClaveProdServ code of 8 digits"}},
		{`{"description":"x","unit_price":1,"unit_key":"NOPE"}`, []string{"unit_key: is not a code of c_ClaveUnidad"}},
		{`{"description":"x","unit_price":1,"taxability":"09"}`, []string{"taxability: must be a c_ObjetoImp code"}},
		{`{"description":"x","unit_price":1,"currency":"XYZ"}`, []string{"currency: must be a c_Moneda code"}},
		{`{"description":"x","unit_price":1,"taxes":[{"type":"IVA","rate":0.15}]}`, []string{"taxes[0].rate: 0.15 is not a c_TasaOCuota value for transferred IVA Tasa"}},
		{`{"description":"x","unit_price":1,"taxes":[{"type":"IVA","rate":0.2,"withholding":true}]}`, []string{"taxes[0].rate: 0.2 is not a c_TasaOCuota value for withheld IVA Tasa"}},
		{`{"description":"x","unit_price":1,"taxes":[{"type":"VAT","rate":0.16}]}`, []string{"taxes[0].type: CFDI40175: must be IVA, ISR or IEPS"}},
		{`{"description":"x","unit_price":1,"taxes":[{"type":"IVA","factor":"Pct","rate":0.16}]}`, []string{"taxes[0].factor: CFDI40176: must be Tasa, Cuota or Exento"}},
		{`{"description":"x","unit_price":1,"taxes":"IVA"}`, []string{"taxes: must be an array of taxes"}},
		{`{"description":"x","unit_price":1,"active":"yes"}`, []string{"active: must be a boolean"}},
	}
	for _, tt := range tests {
		resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), tt.body)
		details := fmt.Sprint(lookup(out, "error.details"))
		for _, w := range tt.details {
			if resp.StatusCode != 400 || !strings.Contains(details, w) {
				t.Errorf("POST /v2/services %s = %d, details %s, want %q", tt.body, resp.StatusCode, details, w)
			}
		}
	}
	valid := []string{
		`{"description":"retención","unit_price":1,"taxes":[{"type":"IVA","rate":0.106667,"withholding":true},{"type":"ISR","rate":0.1,"retained":true}]}`,
		`{"description":"exento","unit_price":1,"taxes":[{"type":"IVA","factor":"Exento"}]}`,
		`{"description":"ieps","unit_price":1,"taxes":[{"type":"IEPS","rate":0.265}]}`,
	}
	for _, b := range valid {
		if resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), b); resp.StatusCode != 201 {
			t.Errorf("POST /v2/services %s = %d %v", b, resp.StatusCode, out)
		}
	}
}

func TestServiceList(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for i, b := range []string{
		`{"name":"Diseño gráfico","price":500,"category":"diseño"}`,
		`{"name":"Hosting","price":99.5,"sku":"H1","product_key":"81112105"}`,
		`{"name":"Licencia","price":1200,"isActive":false}`,
	} {
		if resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), b); resp.StatusCode != 201 {
			t.Fatalf("POST %d = %d %v", i, resp.StatusCode, out)
		}
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"Licencia", "Hosting", "Diseño gráfico"}},
		{"?name=DISENO", []string{"Diseño gráfico"}},
		{"?isActive=false", []string{"Licencia"}},
		{"?min_price=99.5&max_price=500&sort=asc", []string{"Diseño gráfico", "Hosting"}},
		{"?sku=H1", []string{"Hosting"}},
		{"?productKey=81112105", []string{"Hosting"}},
		{"?category=diseño", []string{"Diseño gráfico"}},
		{"?order_by=name&sort=asc&limit=2", []string{"Diseño gráfico", "Hosting"}},
	}
	for _, tt := range tests {
		resp, out := e.do(t, "GET", "/v2/services"+tt.query, bearer(e.test), "")
		if resp.StatusCode != 200 {
			t.Errorf("GET /v2/services%s = %d %v", tt.query, resp.StatusCode, out)
			continue
		}
		var names []string
		for _, s := range lookup(out, "data").([]any) {
			names = append(names, s.(map[string]any)["name"].(string))
		}
		if diff := cmp.Diff(tt.want, names); diff != "" {
			t.Errorf("GET /v2/services%s (-want +got):\n%s", tt.query, diff)
		}
	}
	if resp, _ := e.do(t, "GET", "/v2/services?min_price=x", bearer(e.test), ""); resp.StatusCode != 400 {
		t.Errorf("min_price=x = %d, want 400", resp.StatusCode)
	}
	if resp, out := e.do(t, "GET", "/v2/services?limit=1", bearer(e.otherTest), ""); resp.StatusCode != 200 || lookup(out, "total_results") != 0.0 {
		t.Errorf("another team's list = %d %v", resp.StatusCode, out)
	}
}
