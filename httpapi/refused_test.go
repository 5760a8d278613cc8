package httpapi

import (
	"testing"
)

// TestRefusedStoresNothing (issue 13 §3): the refusals the fiscal audit saw
// store their inline client before — a receptor without zip, the general
// public's name with a real RFC, global-invoice fields for a client with
// an RFC, a foreign client resident in Mexico, a control character — and
// drafts, payments and receipts refused after their client was resolved.
// Each is refused, and no client, service or creation event is stored.
func TestRefusedStoresNothing(t *testing.T) {
	onEachEngine(t, func(t *testing.T, e *env) {
		newSKU := `{"description":"Nuevo","unit_price":10,"search":{"on_key":"sku","on_value":"NUEVO-1","auto_create":true}}`
		cases := []struct{ path, body string }{
			{"/v2/invoices/income", `{"client":{"legal_name":"SIN CP","tax_id":"URE180429TM6","tax_system":"601"},"items":[` + newSKU + `]}`},
			{"/v2/invoices/income", `{"client":{"legal_name":"PUBLICO EN GENERAL","tax_id":"URE180429TM6","tax_system":"601",
				"address":{"zip":"86991"}},"items":[` + newSKU + `],"global":{"periodicity":"04","months":"01","year":"2026"}}`},
			{"/v2/invoices/income", `{"client":` + ureClient + `,"items":[` + newSKU + `],"global":{"periodicity":"99","months":"13","year":"1999"}}`},
			{"/v2/invoices/income", `{"client":{"legal_name":"FOREIGN CO","tax_id":"XEXX010101000","address":{"country":"MEX","zip":"86991"}},
				"items":[` + newSKU + `]}`},
			{"/v2/invoices/income", `{"client":{"legal_name":"CONTROL\u0001","tax_id":"URE180429TM6","tax_system":"601",
				"address":{"zip":"86991"}},"items":[` + newSKU + `]}`},
			{"/v2/invoices/income", `{"client":` + ureClient + `,"items":[` + newSKU + `,{"description":"sin precio"}]}`},
			{"/v2/payments/register", `{"client":` + ureClient + `,"items":[` + newSKU + `,{"description":"sin precio"}]}`},
			{"/v2/receipts", `{"client":` + ureClient + `,"items":[` + newSKU + `,{"description":"sin precio"}]}`},
		}
		for _, tc := range cases {
			if resp, out := e.do(t, "POST", tc.path, bearer(e.test), tc.body); resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("POST %s %.90s = %d %v, want refused (4xx)", tc.path, tc.body, resp.StatusCode, out)
			}
		}
		// A draft keeps its request; stamped and refused, it creates nothing.
		resp, out := e.do(t, "POST", "/v2/invoices/draft", bearer(e.test),
			`{"client":{"legal_name":"SIN CP","tax_id":"URE180429TM6","tax_system":"601"},"items":[`+newSKU+`]}`)
		draft, _ := lookup(out, "data.id").(string)
		if resp.StatusCode != 201 || draft == "" {
			t.Fatalf("draft = %d %v", resp.StatusCode, out)
		}
		if resp, out := e.do(t, "POST", "/v2/invoices/draft/"+draft+"/stamp", bearer(e.test), ""); resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("stamping the draft = %d %v, want refused (4xx)", resp.StatusCode, out)
		}
		for _, path := range []string{"/v2/clients", "/v2/services", "/v2/events?event=customer.created", "/v2/events?event=service.created"} {
			if resp, out := e.do(t, "GET", path, bearer(e.test), ""); resp.StatusCode != 200 || lookup(out, "total_results") != 0.0 {
				t.Errorf("GET %s after refusals = %d, total %v; want none", path, resp.StatusCode, lookup(out, "total_results"))
			}
		}
	})
}
