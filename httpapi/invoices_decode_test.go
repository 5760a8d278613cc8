package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/sello-mx/sello"
)

func dec(s string) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
}

func strPtr(s string) *string { return &s }

// decodeFor decodes body as the route of surface sf would.
func decodeFor(t *testing.T, sf surface, body string, draft bool) (*sello.InvoiceRequest, sello.Problems) {
	t.Helper()
	m, err := decodeBody([]byte(body), invoiceAliases)
	if err != nil {
		t.Fatalf("decodeBody(%s): %v", body, err)
	}
	c := &call{route: &route{Surface: sf}, body: m}
	var in typedInvoiceInput
	var p sello.Problems
	c.decode(&in, &p)
	req := in.request(c, &p, draft)
	return req, p
}

func TestDecodeInvoice(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		want       *sello.InvoiceRequest
	}{{
		name: "CLI invoices create",
		body: `{"client":{"id":"client_1"},"items":[{"description":"Consultoría","quantity":1,"unit_price":1000,
			"product_key":"84111506","unit_key":"E48","taxes":[{"type":"IVA","rate":0.16,"factor":"Tasa","withholding":false}]}],
			"payment_form":"03","payment_method":"PUE","use":"G03","currency":"MXN","series":"A","send_email":true,"emails":["a@b.mx"]}`,
		want: &sello.InvoiceRequest{Client: sello.ClientRef{ID: "client_1"},
			Items: []sello.ItemRequest{{Description: "Consultoría", Quantity: dec("1"), UnitPrice: dec("1000"),
				ProductKey: "84111506", UnitKey: "E48", Taxes: []sello.Tax{{Type: "IVA", Rate: decimal.RequireFromString("0.16"), Factor: "Tasa"}}}},
			PaymentForm: "03", PaymentMethod: "PUE", Use: "G03", Currency: "MXN", Series: "A", SendEmail: true, Emails: []string{"a@b.mx"}},
	}, {
		name: "vendor blog and OLD spellings",
		body: `{"client":"client_2","notes":"Gracias","items":[{"name":"Widget","price":"100.50","serviceId":"service_9","paymentType":"x"}]}`,
		want: &sello.InvoiceRequest{Client: sello.ClientRef{ID: "client_2"}, PDFNotes: strPtr("Gracias"),
			Items: []sello.ItemRequest{{ServiceID: "service_9", Description: "Widget", UnitPrice: dec("100.50")}}},
	}, {
		name: "camelCase, enum aliases, tax bases",
		body: `{"clientId":"client_3","items":[{"description":"x","unitPrice":10,"taxes":[{"type":"iva","rate":0.16,"base":"01"},
			{"type":"ISR","rate":"0.10","retained":true,"base":50}]}],"paymentMethod":"ppd","paymentForm":"99","exchangeRate":"17.5",
			"currency":"usd","automationType":"ppd_invoice_and_complement","folioNumber":"12","use":"P01","invoicePdfNotes":null}`,
		want: &sello.InvoiceRequest{Client: sello.ClientRef{ID: "client_3"},
			Items: []sello.ItemRequest{{Description: "x", UnitPrice: dec("10"), Taxes: []sello.Tax{
				{Type: "IVA", Rate: decimal.RequireFromString("0.16"), Factor: "Tasa"},
				{Type: "ISR", Rate: decimal.RequireFromString("0.10"), Factor: "Tasa", Withholding: true}},
				Bases: map[int]decimal.Decimal{1: decimal.NewFromInt(50)}}},
			PaymentMethod: "PPD", PaymentForm: "99", ExchangeRate: dec("17.5"), Currency: "USD",
			AutomationType: "payment_and_complement", Folio: 12, Use: "S01"},
	}, {
		name: "client and item search",
		body: `{"client":{"search":{"onKey":"rfc","onValue":"EKU9003173C9","autoCreate":true},"legalName":"ACME","taxId":"EKU9003173C9"},
			"items":[{"search":{"on_key":"sku","on_value":"SKU-1","auto_create":true},"quantity":"2","total":232,"taxes":[]}]}`,
		want: &sello.InvoiceRequest{Client: sello.ClientRef{
			Search: &sello.ClientSearch{OnKey: "tax_id", OnValue: "EKU9003173C9", AutoCreate: true},
			Inline: &sello.Client{LegalName: "ACME", TaxID: "EKU9003173C9"}},
			Items: []sello.ItemRequest{{Search: &sello.ItemSearch{OnKey: "sku", OnValue: "SKU-1", AutoCreate: true},
				Quantity: dec("2"), Total: dec("232"), Taxes: []sello.Tax{}}}},
	}, {
		name: "global invoice, related documents, third party, metadata",
		body: `{"client":{"legal_name":"PUBLICO EN GENERAL"},"items":[{"description":"Ventas","unit_price":100,
			"third_party":{"legal_name":"T","taxId":"EKU9003173C9","tax_system":"601","zipCode":"06600"}}],
			"global":{"periodicity":"01","months":3,"year":2026},"related_documents":[{"relationship":"04","documents":["abc-def"]}],
			"automation_type":"payment","metadata":{"orderId":7},"idempotencyKey":"k1","exports":"01","addenda":"<a/>"}`,
		want: &sello.InvoiceRequest{Client: sello.ClientRef{Inline: &sello.Client{LegalName: "PUBLICO EN GENERAL"}},
			Items: []sello.ItemRequest{{Description: "Ventas", UnitPrice: dec("100"),
				ThirdParty: &sello.ThirdParty{LegalName: "T", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600"}}},
			Global:         &sello.GlobalPeriod{Periodicity: "01", Months: "03", Year: "2026"},
			Related:        []sello.RelatedDocuments{{Relationship: "04", Documents: []string{"ABC-DEF"}}},
			AutomationType: "payment", Metadata: map[string]any{"orderId": jsonNum("7")}, IdempotencyKey: "k1",
			Exports: "01", Addenda: "<a/>"},
	}}
	opts := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	for _, tc := range cases {
		got, p := decodeFor(t, surfaceC, tc.body, false)
		if len(p) != 0 {
			t.Errorf("%s: problems %v", tc.name, p)
		}
		if diff := cmp.Diff(tc.want, got, opts); diff != "" {
			t.Errorf("%s: decodeInvoice (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestInvoiceBadInput posts bad bodies and queries through the real
// handler: each is a 400 naming the fields in the route's casing, never a
// 500, and the Service is never reached.
func TestInvoiceBadInput(t *testing.T) {
	t.Parallel()
	e := setup(t)
	cases := []struct {
		method, path, body string
		status             int
		code               string
		details            []string
	}{
		{"POST", "/v2/invoices/income", `{}`, 400, "validation_failed", []string{"client: is required", "items: is required"}},
		{"POST", "/v2/invoices/income", `{"client":{"id":"c"}}`, 400, "missing_required_field", []string{"items: is required"}},
		{"POST", "/v2/invoices/income", `[]`, 400, "invalid_request_body", nil},
		{"POST", "/v2/invoices/egress", `{"client":5,"items":[]}`, 400, "validation_failed",
			[]string{"client: must be an object or a client id", "items: must hold at least one item"}},
		{"POST", "/v2/invoices/income", `{"client":"c","items":[{"quantity":"abc","unit_price":-1,"discount":true}]}`, 400, "validation_failed",
			[]string{"items[0].quantity: must be a number", "items[0].unit_price: must not be negative", "items[0].discount: must be a number"}},
		{"POST", "/v2/invoices/income", `{"client":"c","items":[{"quantity":0,"taxes":[{"type":"VAT","rate":"x","factor":"Flat"}]}]}`, 400, "validation_failed",
			[]string{"items[0].quantity: must be greater than 0", "items[0].taxes[0].rate: must be a number", "items[0].taxes[0].type: CFDI40175: must be IVA, ISR or IEPS", "items[0].taxes[0].factor: CFDI40176: must be Tasa, Cuota or Exento"}},
		{"POST", "/v2/invoices/income", `{"client":"c","items":["x"],"payment_method":"XYZ","automation_type":"bogus","folio_number":-3,
			"exchange_rate":0,"related_documents":"x","global":{"periodicity":true,"months":"01","year":"2026"},"send_email":"yes"}`, 400, "validation_failed",
			[]string{"items[0]: must be an object", "payment_method: CFDI40124: must be PUE or PPD", "exchange_rate: CFDI40117: must be greater than 0",
				"folio_number: must be a positive integer", "related_documents: must be an array", "global.periodicity: must be a string",
				"automation_type: must be none, payment or payment_and_complement", "send_email: must be a boolean"}},
		{"POST", "/v2/invoices/income", `{"client":{"id":"client_a","search":{"on_key":"phone"}},"client_id":"client_b","items":[{"search":{"on_key":"name","on_value":"x"}}]}`, 400, "validation_failed",
			[]string{"client.search.on_key: must be tax_id, email or name", "client.search.on_value: is required", "items[0].search.on_key: must be sku", "client_id: conflicting values for client_id and client.id"}},
		{"POST", "/v2/invoices", `{"invoiceType":"T","client":"c","items":[{"description":"a","unitPrice":"x"}]}`, 400, "validation_failed",
			[]string{"items[0].unitPrice: must be a number", "invoiceType: T invoices are not supported; use I or E"}},
		{"POST", "/v2/invoices", `{"clientId":"c","client_id":"d","items":[{}]}`, 400, "invalid_field_value",
			[]string{"client_id: conflicting values for clientId and client_id"}},
		{"POST", "/v2/invoices/draft", `{"invoice_type":"N","items":[{"unit_price":"abc"}]}`, 400, "validation_failed",
			[]string{"items[0].unit_price: must be a number", "invoice_type: N invoices are not supported; use I or E"}},
		{"DELETE", "/v2/invoices/4B1C3A2D-0000-4000-8000-000000000001", `{"replacement":"x"}`, 400, "missing_required_field", []string{"motive: is required"}},
		{"DELETE", "/v2/invoices/4B1C3A2D-0000-4000-8000-000000000001?motive=05", ``, 400, "invalid_field_value", []string{"motive: must be 01, 02, 03 or 04"}},
		{"DELETE", "/v2/invoices/4B1C3A2D-0000-4000-8000-000000000001", `{"motive":["01"]}`, 400, "invalid_field_value", []string{"motive: must be a string"}},
		{"POST", "/v2/invoices/invoice_x/send", `{"emails":"a@b.mx"}`, 400, "invalid_field_value", []string{"emails: must be an array of strings"}},
		{"GET", "/v2/invoices/invoice_x/files?file_type=zip", ``, 400, "invalid_field_value", []string{"file_type: must be pdf, xml or both"}},
		{"GET", "/v2/invoices/income?status=bogus", ``, 400, "invalid_field_value", []string{"status: must be valid, pending, canceled or draft"}},
		{"GET", "/v2/invoices/egress?status=draft", ``, 400, "invalid_field_value", []string{"status: drafts are listed at /v2/invoices/draft"}},
		{"GET", "/v2/invoices?invoiceType=T", ``, 400, "invalid_field_value", []string{"invoiceType: must be I, E or P"}},
		{"GET", "/v2/invoices/search", ``, 400, "missing_required_field", []string{"q: is required"}},
		{"GET", "/v2/invoices/income?limit=0", ``, 400, "invalid_field_value", []string{"limit: must be an integer of at least 1"}},
	}
	for _, tc := range cases {
		resp, out := e.do(t, tc.method, tc.path, bearer(e.test), tc.body)
		if resp.StatusCode != tc.status || lookup(out, "error.code") != tc.code {
			t.Errorf("%s %s %s = %d %v, want %d %s", tc.method, tc.path, tc.body, resp.StatusCode, lookup(out, "error.code"), tc.status, tc.code)
			continue
		}
		if tc.details == nil {
			continue
		}
		got := fmt.Sprint(lookup(out, "error.details"))
		for _, d := range tc.details {
			if !strings.Contains(got, d) {
				t.Errorf("%s %s %s: details %s, want %q", tc.method, tc.path, tc.body, got, d)
			}
		}
		if n := len(lookup(out, "error.details").([]any)); n != len(tc.details) {
			t.Errorf("%s %s %s: %d details %s, want %d", tc.method, tc.path, tc.body, n, got, len(tc.details))
		}
	}
}

// TestInvoiceRouting checks §2.3: a literal segment is never an invoice id.
func TestInvoiceRouting(t *testing.T) {
	t.Parallel()
	e := setup(t)
	cases := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"DELETE", "/v2/invoices/income", 405, "GET, POST"},
		{"DELETE", "/v2/invoices/draft", 405, "GET, POST"},
		{"POST", "/v2/invoices/draft/send", 405, "GET, PUT, DELETE"},
		{"PUT", "/v2/invoices/income", 405, ""},
		{"GET", "/v2/invoices/nope/invoice_x", 404, ""},
		{"GET", "/v2/invoices/sat/x", 404, ""},
		{"GET", "/v2/invoices/batch", 404, ""},
	}
	for _, tc := range cases {
		resp, out := e.do(t, tc.method, tc.path, bearer(e.test), "")
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s = %d %v, want %d", tc.method, tc.path, resp.StatusCode, out, tc.status)
		}
		if tc.allow != "" && resp.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, resp.Header.Get("Allow"), tc.allow)
		}
		if tc.status == http.StatusNotFound && lookup(out, "error.code") != "resource_not_found" {
			t.Errorf("%s %s: code %v, want resource_not_found", tc.method, tc.path, lookup(out, "error.code"))
		}
	}
}

func jsonNum(s string) json.Number { return json.Number(s) }
