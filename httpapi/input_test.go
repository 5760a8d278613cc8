package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
)

// inputCase is one request that the boundary must refuse with 400, naming
// field in the error details (field "" for a body-level refusal).
type inputCase struct {
	method, path, body string
	field              string
}

// wantRefused sends each case and wants 400 whose details hold field.
func wantRefused(t *testing.T, e *env, cases []inputCase) {
	t.Helper()
	for _, tc := range cases {
		path := strings.NewReplacer("{team}", string(e.parent.ID)).Replace(tc.path)
		resp, out := e.do(t, tc.method, path, bearer(e.test), tc.body)
		details := fmt.Sprint(lookup(out, "error.details"))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(details, tc.field) {
			t.Errorf("%s %s %.80q = %d %v, want 400 naming %q", tc.method, path, tc.body, resp.StatusCode, out["error"], tc.field)
		}
	}
}

// TestInputNumbers: a number beyond the SAT limits is refused before any
// arithmetic, in a body (as a number or a string) or a query (issue 12 §1).
func TestInputNumbers(t *testing.T) {
	onEachEngine(t, func(t *testing.T, e *env) {
		_, out := e.do(t, "POST", "/v2/services", bearer(e.test), `{"description":"x","unit_price":1}`)
		svc, _ := lookup(out, "data.id").(string)
		_, out = e.do(t, "POST", "/v2/invoices/draft", bearer(e.test), `{"items":[{"description":"x","unit_price":1}]}`)
		draft, _ := lookup(out, "data.id").(string)
		var cases []inputCase
		for _, n := range []string{`1e100000000`, `1e4000000`, `"1e100000"`, `-1e100000000`, `1e-100000000`,
			`1234567890123456789`, `1.1234567`, `"` + strings.Repeat("9", 100000) + `"`} {
			cases = append(cases,
				inputCase{"POST", "/v2/services", `{"description":"x","unit_price":` + n + `}`, "unit_price"},
				inputCase{"POST", "/v2/services", `{"description":"x","unit_price":1,"quantity":` + n + `}`, "quantity"},
				inputCase{"PUT", "/v2/services/" + svc, `{"unit_price":` + n + `}`, "unit_price"},
				inputCase{"POST", "/v2/services", `{"description":"x","unit_price":1,"taxes":[{"type":"IVA","rate":` + n + `}]}`, "taxes[0].rate"},
				inputCase{"POST", "/v2/invoices/draft", `{"items":[{"description":"x","quantity":` + n + `,"unit_price":1}]}`, "items[0].quantity"},
				inputCase{"PUT", "/v2/invoices/draft/" + draft, `{"items":[{"description":"x","unit_price":` + n + `}]}`, "items[0].unit_price"},
				inputCase{"POST", "/v2/invoices/income", `{"client":"c","items":[{"description":"x","unit_price":1,"discount":` + n + `}]}`, "items[0].discount"},
				inputCase{"POST", "/v2/invoices/income", `{"client":"c","items":[{"description":"x","unit_price":1}],"exchange_rate":` + n + `}`, "exchange_rate"},
				inputCase{"POST", "/v2/payments/register", `{"client":"c","items":[{"description":"x","unit_price":` + n + `}]}`, "items[0].unit_price"},
				inputCase{"POST", "/v2/receipts", `{"items":[{"description":"x","quantity":` + n + `,"unit_price":1}]}`, "items[0].quantity"},
			)
		}
		cases = append(cases,
			inputCase{"GET", "/v2/services?min_price=1e100000000", "", "min_price"},
			inputCase{"GET", "/v2/services?max_price=1.1234567", "", "max_price"},
			inputCase{"POST", "/v2/services", `{"description":"x","unit_price":1,"metadata":{"n":1e100000000}}`, "metadata.n"},
			inputCase{"PUT", "/v2/teams/{team}/settings", `{"taxes":[{"rate":1e100000000}]}`, "taxes[0].rate"},
		)
		wantRefused(t, e, cases)

		// Within the limits, the value is kept with the scale written.
		resp, out := e.do(t, "POST", "/v2/services", bearer(e.test), `{"description":"y","unit_price":"123456.123456","quantity":1.5e2}`)
		if resp.StatusCode != 201 || fmt.Sprint(lookup(out, "data.unit_price")) != "123456.123456" || fmt.Sprint(lookup(out, "data.quantity")) != "150" {
			t.Errorf("largest service = %d %v", resp.StatusCode, out)
		}
	})
}

// TestInputText: text that cannot go into a CFDI or a database is refused
// with 400 naming the field, and so are line breaks where the SAT wants one
// line (issue 12 §2, docs/INPUT.md).
func TestInputText(t *testing.T) {
	onEachEngine(t, func(t *testing.T, e *env) {
		_, out := e.do(t, "POST", "/v2/users", bearer(e.test), `{"email":"ana@example.com"}`)
		user, _ := lookup(out, "data.id").(string)
		var cases []inputCase
		for _, bad := range []string{`\u0000`, `\u0001`, `\u000b`, `\ufffe`, `\uffff`, `\u007f`, `\u0085`} {
			s := `"a` + bad + `b"`
			cases = append(cases,
				inputCase{"POST", "/v2/invoices/income", `{"client":{"legal_name":"URE","tax_id":"URE180429TM6","tax_system":"601","address":{"zip":"86991"}},"items":[{"description":` + s + `,"unit_price":1}]}`, "items[0].description"},
				inputCase{"POST", "/v2/invoices/income", `{"client":{"legal_name":` + s + `,"tax_id":"URE180429TM6","tax_system":"601","address":{"zip":"86991"}},"items":[{"description":"x","unit_price":1}]}`, "client.legal_name"},
				inputCase{"POST", "/v2/invoices/income", `{"client":"c","series":` + s + `,"items":[{"description":"x","unit_price":1}]}`, "series"},
				inputCase{"POST", "/v2/invoices/income", `{"client":"c","items":[{"description":"x","unit_price":1,"unit_name":` + s + `,"sku":` + s + `}]}`, "items[0].sku"},
				inputCase{"POST", "/v2/invoices", `{"client":"c","items":[{"description":"x","unitPrice":1,"unitName":` + s + `}]}`, "items[0].unitName"},
				inputCase{"PUT", "/v2/users/" + user, `{"first_name":` + s + `}`, "first_name"},
				inputCase{"POST", "/v2/clients", `{"name":"x","metadata":{"k":` + s + `}}`, "metadata.k"},
				inputCase{"POST", "/v2/clients", `{"name":"x","metadata":{` + s + `:1}}`, `metadata."a`},
				inputCase{"GET", "/v2/clients?email=a%00b", "", "email"},
			)
		}
		for _, br := range []string{`\t`, `\n`, `\r`} {
			s := `"a` + br + `b"`
			cases = append(cases,
				inputCase{"POST", "/v2/clients", `{"legal_name":` + s + `}`, "legal_name"},
				inputCase{"POST", "/v2/clients", `{"name":"x","tax_id":` + s + `}`, "tax_id"},
				inputCase{"POST", "/v2/invoices/draft", `{"series":` + s + `}`, "series"},
				inputCase{"GET", "/v2/clients/search?q=a%0Ab", "", "q"},
			)
		}
		cases = append(cases,
			inputCase{"POST", "/v2/clients", "{\"name\":\"a\xffb\"}", ""},
			inputCase{"POST", "/v2/clients", `{"name":"x","address":{"country":"QQQ"}}`, "address.country"},
			inputCase{"POST", "/v2/users", `{"email":"b@example.com","address":{"country":"Narnia"}}`, "address.country"},
			inputCase{"PUT", "/v2/teams/{team}", `{"address":{"country":"QQQ"}}`, "address.country"},
		)
		wantRefused(t, e, cases)

		// A draft stored before these checks is refused when stamped, not
		// answered 500 ("character U+0001 cannot appear in XML").
		old, err := e.svc.SaveDraft(t.Context(), e.parent, false, "", &sello.InvoiceRequest{},
			[]byte(`{"client":`+ureClient+`,"items":[{"description":"a\u0001b","unit_price":1}],"payment_form":"03"}`))
		if err != nil {
			t.Fatalf("SaveDraft: %v", err)
		}
		wantRefused(t, e, []inputCase{{"POST", "/v2/invoices/draft/" + old.ID + "/stamp", "", "items[0].description"}})
		if resp, out := e.do(t, "DELETE", "/v2/invoices/draft/"+old.ID, bearer(e.test), ""); resp.StatusCode != 200 {
			t.Errorf("DELETE the old draft = %d %v", resp.StatusCode, out["error"])
		}

		// Line breaks are kept where text is free: descriptions, notes,
		// metadata.
		resp, out := e.do(t, "POST", "/v2/invoices/income", bearer(e.test), `{"client":`+ureClient+`,"items":[{"description":"Línea 1\nLínea\t2","unit_price":100,"product_key":"84111506"}],"payment_form":"03","invoice_pdf_notes":"a\nb","metadata":{"n":"x\ny"}}`)
		if resp.StatusCode != 201 {
			t.Errorf("invoice with line breaks in free text = %d %v", resp.StatusCode, out["error"])
		}
	})
}

// TestInputLimits: a null body, metadata over 8 KiB, long URLs and e-mail
// addresses are refused (issue 12 §7); the refused request stores nothing.
func TestInputLimits(t *testing.T) {
	onEachEngine(t, func(t *testing.T, e *env) {
		s := NewServer(e.svc, nil)
		big := `{"k":"` + strings.Repeat("x", 8200) + `"}`
		var cases []inputCase
		for _, rt := range s.routes {
			if rt.AnyJSON || rt.Method == "GET" || rt.Multipart || !!rt.Public {
				continue
			}
			path := fillPath(rt.Pattern, map[string]string{})
			cases = append(cases, inputCase{rt.Method, path, `null`, ""}, inputCase{rt.Method, path, ` null `, ""})
		}
		long := strings.Repeat("a", 250) + "@example.com"
		cases = append(cases,
			inputCase{"POST", "/v2/clients", `{"name":"x","metadata":` + big + `}`, "metadata"},
			inputCase{"POST", "/v2/services", `{"description":"x","unit_price":1,"metadata":` + big + `}`, "metadata"},
			inputCase{"POST", "/v2/invoices/draft", `{"metadata":` + big + `}`, "metadata"},
			inputCase{"POST", "/v2/payments/request", `{"client":"c","items":[{"description":"x","unit_price":1}],"metadata":` + big + `}`, "metadata"},
			inputCase{"POST", "/v2/receipts", `{"items":[{"description":"x","unit_price":1}],"metadata":` + big + `}`, "metadata"},
			inputCase{"POST", "/v2/invoices/income", `{"client":{"name":"x","metadata":` + big + `},"items":[{"description":"x","unit_price":1}]}`, "client.metadata"},
			inputCase{"POST", "/v2/webhooks", `{"url":"https://example.com/` + strings.Repeat("a", 2100) + `","events":["invoice.created"]}`, "url"},
			inputCase{"POST", "/v2/clients", `{"email":"` + long + `"}`, "email"},
			inputCase{"POST", "/v2/clients", `{"name":"x","bcc":["` + long + `"]}`, "bcc[0]"},
			inputCase{"POST", "/v2/users", `{"email":"` + long + `"}`, "email"},
			inputCase{"POST", "/v2/clients", `{"name":"` + strings.Repeat("x", 1001) + `"}`, "name"},
			inputCase{"POST", "/v2/clients", `{"name":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, ""},
		)
		wantRefused(t, e, cases)
		_, out := e.do(t, "GET", "/v2/clients", bearer(e.test), "")
		if n := fmt.Sprint(lookup(out, "total_results")); n != "0" && n != "<nil>" {
			t.Errorf("refused requests stored clients: total_results = %s", n)
		}
	})
}

// fillPath puts ids into a route pattern: the id of the longest path
// prefix before the parameter, else ids["{name}"], else ids[""], else a
// placeholder.
func fillPath(pattern string, ids map[string]string) string {
	var b strings.Builder
	for {
		i := strings.Index(pattern, "{")
		if i < 0 {
			b.WriteString(pattern)
			return b.String()
		}
		j := strings.Index(pattern, "}")
		b.WriteString(pattern[:i])
		prefix := b.String()
		name := pattern[i+1 : j]
		id, best := ids["{"+name+"}"], 0
		for p, v := range ids { // the longest prefix that names this parameter
			if strings.HasSuffix(prefix, p) && len(p) > best {
				id, best = v, len(p)
			}
		}
		if id == "" {
			id = ids[""]
		}
		if id == "" {
			id = name + "_x"
		}
		b.WriteString(id)
		pattern = pattern[j+1:]
	}
}
