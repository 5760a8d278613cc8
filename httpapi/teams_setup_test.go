package httpapi

import (
	"testing"
)

// TestTeamWithoutLegalName: a child team made without its legal name (the
// n8n node has no such field) cannot issue: its invoice is a 422
// business_rule_violation naming the team setting and where to set it, and
// stores nothing (not the request's client); its onboarding lists what is
// missing. Once the legal name is set, the same request issues. The team
// shows no billing.credits (a client prints it).
func TestTeamWithoutLegalName(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	p := bearer(ce.pKey)
	resp, out := e.do(t, "POST", "/v2/teams", p, `{"tax_id":"IIA040805DZ4","tax_system":"601",
		"address":{"zip":"42501","country":"Mexico"},"brand":{"alias":"Hija"}}`)
	if resp.StatusCode != 201 {
		t.Fatalf("POST /v2/teams = %d %v", resp.StatusCode, out)
	}
	id := lookup(out, "data.id").(string)
	if billing, ok := lookup(out, "data.billing").(map[string]any); !ok || len(billing) != 0 {
		t.Errorf("billing = %v, want {} (no credits, not null)", lookup(out, "data.billing"))
	}
	child := bearer(ce.childKey(t, id))
	invoice := `{"client":{"legal_name":"URE","tax_id":"URE180429TM6","tax_system":"601","address":{"zip":"86991"},
		"email":"ure@example.com"},"items":[` + ivaItem + `],"payment_form":"03"}`
	e.runSeq(t, []scenario{
		{name: "no legal name: 422 naming it", method: "POST", path: "/v2/invoices/income", hdr: child, body: invoice,
			status: 422, code: "business_rule_violation", want: map[string]any{"error.details": []any{
				"team.legal_name: the team's legal name (Emisor Nombre) is not set"}}},
		{name: "a payment with its invoice: 422 before it is stored", method: "POST", path: "/v2/payments/register", hdr: child,
			body: `{"client":{"legal_name":"URE","tax_id":"URE180429TM6","tax_system":"601","address":{"zip":"86991"}},` +
				`"items":[` + ivaItem + `],"automation_type":"pue_invoice"}`,
			status: 422, code: "business_rule_violation"},
		{name: "no payment", method: "GET", path: "/v2/payments", hdr: child, status: 200,
			want: map[string]any{"total_results": 0.0}},
		{name: "nothing stored", method: "GET", path: "/v2/clients", hdr: child, status: 200,
			want: map[string]any{"total_results": 0.0}},
		{name: "no invoice", method: "GET", path: "/v2/invoices", hdr: child, status: 200,
			want: map[string]any{"total_results": 0.0}},
		{name: "onboarding lists it", method: "GET", path: "/v2/connect/teams/" + id + "/onboarding", hdr: p, status: 200,
			want: map[string]any{"data.setupComplete": false, "data.missingSetup": []any{"legal_name", "sat.csd"}}},
		{name: "set it", method: "PUT", path: "/v2/connect/teams/" + id, hdr: p, body: `{"legal_name":"HIJA SA"}`, status: 200},
		{name: "onboarding after", method: "GET", path: "/v2/connect/teams/" + id + "/onboarding", hdr: p, status: 200,
			want: map[string]any{"data.setupComplete": false, "data.missingSetup": []any{"sat.csd"}}},
		{name: "then it issues", method: "POST", path: "/v2/invoices/income", hdr: child, body: invoice, status: 201},
	})
	_, out = e.do(t, "POST", "/v2/invoices/income", child, invoice)
	if msg, _ := lookup(out, "error.message").(string); msg != "" {
		t.Errorf("second invoice: %v", out)
	}
}
