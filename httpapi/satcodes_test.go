package httpapi

import (
	"fmt"
	"strings"
	"testing"
)

// satCase is a bad request and the row of the SAT's error matrix
// (MatrizDeErrores_CFDI_v40) it breaks.
type satCase struct {
	path, body, code string
}

// TestRefusalsNameSATRule (issue 13 §7): a refusal that corresponds to a
// row of the SAT's error matrix names its code in the details, for at least
// 90 % of such refusals (each one here is refused with 4xx either way).
func TestRefusalsNameSATRule(t *testing.T) {
	e := setupInvoices(t)
	inv := func(extra string) string {
		return `{"client":` + ureClient + `,"items":[` + ivaItem + `]` + extra + `}`
	}
	withClient := func(client string) string { return `{"client":` + client + `,"items":[` + ivaItem + `]}` }
	withItem := func(item string) string { return `{"client":` + ureClient + `,"items":[` + item + `]}` }
	item := func(extra string) string {
		return `{"description":"Consultoría","quantity":1,"unit_price":1000,"product_key":"84111506","unit_key":"E48"` + extra + `}`
	}
	tax := func(t string) string { return item(`,"taxes":[` + t + `]`) }
	public := func(global string) string {
		return `{"client":{"legal_name":"PUBLICO EN GENERAL","tax_id":"XAXX010101000"},"items":[` + ivaItem + `],"global":{` + global + `}}`
	}
	const income = "/v2/invoices/income"
	cases := []satCase{
		{income, inv(`,"payment_form":"77"`), "CFDI40104"},
		{income, inv(`,"payment_method":"PPD","payment_form":"03"`), "CFDI40105"},
		{income, inv(`,"currency":"ZZZ"`), "CFDI40113"},
		{income, inv(`,"currency":"MXN","exchange_rate":17`), "CFDI40114"},
		{income, inv(`,"currency":"USD"`), "CFDI40115"},
		{income, inv(`,"currency":"XXX","exchange_rate":1`), "CFDI40116"},
		{income, inv(`,"currency":"USD","exchange_rate":0`), "CFDI40117"},
		{"/v2/invoices", inv(`,"invoice_type":"X"`), "CFDI40121"},
		{income, inv(`,"exports":"02"`), "CFDI40122"},
		{income, inv(`,"exports":"09"`), "CFDI40123"},
		{income, inv(`,"payment_method":"XXX"`), "CFDI40124"},
		{income, inv(`,"global":{"periodicity":"04","months":"01","year":"2026"}`), "CFDI40130"},
		{income, public(`"periodicity":"99","months":"01","year":"2026"`), "CFDI40131"},
		{income, public(`"periodicity":"05","months":"13","year":"2026"`), "CFDI40132"},
		{income, public(`"periodicity":"04","months":"19","year":"2026"`), "CFDI40133"},
		{income, public(`"periodicity":"01","months":"13","year":"2026"`), "CFDI40134"},
		{income, public(`"periodicity":"04","months":"01","year":"1999"`), "CFDI40136"},
		{income, inv(`,"related_documents":[{"relationship":"99","documents":["00000000-0000-4000-8000-000000000000"]}]`), "CFDI40137"},
		{income, withClient(`{"legal_name":"ACME","tax_id":"ABC","tax_system":"601","address":{"zip":"86991"}}`), "CFDI40143"},
		{income, withClient(`{"legal_name":"PUBLICO EN GENERAL","tax_id":"URE180429TM6","tax_system":"601","address":{"zip":"86991"}}`), "CFDI40146"},
		{income, withClient(`{"legal_name":"ACME","tax_id":"URE180429TM6","tax_system":"601","address":{"zip":"1234"}}`), "CFDI40147"},
		{income, withClient(`{"legal_name":"FOREIGN CO","tax_id":"XEXX010101000","address":{"country":"QQQ"}}`), "CFDI40150"},
		{income, withClient(`{"legal_name":"FOREIGN CO","tax_id":"XEXX010101000","address":{"country":"MEX"}}`), "CFDI40152"},
		{income, withClient(`{"legal_name":"ACME","tax_id":"URE180429TM6","tax_system":"999","address":{"zip":"86991"}}`), "CFDI40157"},
		{income, withClient(`{"legal_name":"ACME","tax_id":"URE180429TM6","tax_system":"612","address":{"zip":"86991"}}`), "CFDI40158"},
		{income, withClient(`{"legal_name":"ACME","tax_id":"URE180429TM6","tax_system":"601","use":"ZZZ","address":{"zip":"86991"}}`), "CFDI40160"},
		{income, withClient(`{"legal_name":"ACME","tax_id":"URE180429TM6","tax_system":"601","use":"D01","address":{"zip":"86991"}}`), "CFDI40161"},
		{income, withItem(`{"description":"x","quantity":1,"unit_price":10,"product_key":"1234567","unit_key":"E48"}`), "CFDI40162"},
		{income, withItem(`{"description":"x","quantity":1,"unit_price":10,"product_key":"84111506","unit_key":"ZZZ"}`), "CFDI40165"},
		{income, withItem(item(`,"unit_price":0`)), "CFDI40166"},
		{income, withItem(item(`,"discount":2000`)), "CFDI40169"},
		{income, withItem(item(`,"taxability":"99"`)), "CFDI40170"},
		{income, withItem(item(`,"taxability":"02","taxes":[]`)), "CFDI40171"},
		{income, withItem(item(`,"taxes":[{"type":"IVA","rate":0.16}],"taxability":"01"`)), "CFDI40172"},
		{income, withItem(tax(`{"type":"XYZ","rate":0.16}`)), "CFDI40175"},
		{income, withItem(tax(`{"type":"IVA","rate":0.16,"factor":"Otro"}`)), "CFDI40176"},
		{income, withItem(tax(`{"type":"IVA","rate":0.16,"factor":"Exento"}`)), "CFDI40177"},
		{income, withItem(tax(`{"type":"IVA","rate":0.17}`)), "CFDI40179"},
		{income, withItem(tax(`{"type":"IVA","rate":0.16},{"type":"IVA","factor":"Exento","withholding":true}`)), "CFDI40184"},
		{income, withItem(tax(`{"type":"IVA","rate":0.16},{"type":"ISR","rate":0.5,"withholding":true}`)), "CFDI40185"},
		{income, withItem(item(`,"taxes":[{"type":"IVA","rate":0.16}],"third_party":{"tax_id":"EKU9003173C9","legal_name":"X","tax_system":"601","zip":"01000"}`)), "CFDI40188"},
		{income, withItem(item(`,"taxes":[{"type":"IVA","rate":0.16}],"third_party":{"tax_id":"URE180429TM6","legal_name":"X","tax_system":"999","zip":"86991"}`)), "CFDI40191"},
	}
	named := 0
	var missing []string
	for _, c := range cases {
		resp, out := e.do(t, "POST", c.path, bearer(e.test), c.body)
		details := fmt.Sprint(lookup(out, "error.details"))
		switch {
		case resp.StatusCode < 400 || resp.StatusCode >= 500:
			t.Errorf("%s %.120s = %d %v, want refused", c.code, c.body, resp.StatusCode, out)
		case strings.Contains(details, c.code):
			named++
		default:
			missing = append(missing, fmt.Sprintf("%s (%d %s)", c.code, resp.StatusCode, details))
		}
	}
	share := float64(named) / float64(len(cases))
	t.Logf("%d of %d refusals name their SAT rule (%.0f %%)", named, len(cases), 100*share)
	for _, m := range missing {
		t.Logf("not named: %s", m)
	}
	if share < 0.9 {
		t.Errorf("%d of %d refusals name their SAT rule, want at least 90 %%", named, len(cases))
	}
}
