package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

// cliClient is the body of the official CLI's `clients create` (API.md §15).
const cliClient = `{"name":"Peña Núñez SA de CV","legal_name":"Peña Núñez, S.A. de C.V.","email":"pago@pena.mx",
	"tax_id":"EKU9003173C9","tax_system":"601","use":"G03","address":{"zip":"06600"}}`

func TestClientCRUD(t *testing.T) {
	t.Parallel()
	e := setup(t)
	resp, out := e.do(t, "POST", "/v2/clients", bearer(e.test), cliClient)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /v2/clients = %d %v", resp.StatusCode, out)
	}
	id, _ := lookup(out, "data.id").(string)
	if !strings.HasPrefix(id, "client_") || len(id) < 27 {
		t.Errorf("id = %q, want client_ and 20+ characters", id)
	}
	want := map[string]any{
		"data.name": "Peña Núñez SA de CV", "data.legal_name": "PEÑA NÚÑEZ", "data.legalName": "PEÑA NÚÑEZ",
		"data.tax_id": "EKU9003173C9", "data.taxId": "EKU9003173C9", "data.rfc": "EKU9003173C9",
		"data.tax_system": "601", "data.taxSystem": "601", "data.use": "G03",
		"data.address.zip": "06600", "data.address.zipCode": "06600", "data.address.country": "MEX",
		"data.is_valid": false, "data.isValid": false, "data.efos.is_valid": nil, "data.efos.isValid": nil,
		"data.livemode": false, "data.team": string(e.parent.ID), "data.owner": nil, "data.from": "api",
		"data.defaults.keep_full_legal_name": false, "data.defaults.keepFullLegalName": false,
	}
	iso := time.Unix(int64(lookup(out, "data.created_at").(float64)), 0).UTC().Format("2006-01-02T15:04:05.000Z")
	if lookup(out, "data.createdAt") != iso || lookup(out, "data.timestamp") != iso {
		t.Errorf("createdAt %v, timestamp %v; want %s", lookup(out, "data.createdAt"), lookup(out, "data.timestamp"), iso)
	}
	for path, w := range want {
		if got := lookup(out, path); fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("POST /v2/clients: %s = %v, want %v", path, got, w)
		}
	}

	resp, out = e.do(t, "GET", "/v2/clients/"+id, bearer(e.test), "")
	if resp.StatusCode != 200 || lookup(out, "data.id") != id {
		t.Errorf("GET /v2/clients/%s = %d %v", id, resp.StatusCode, out)
	}
	for _, k := range []struct{ name, key, query string }{
		{"live key", e.live, ""}, {"other team", e.otherTest, ""}, {"child team", e.test, "?team=" + string(e.child.ID)},
	} {
		if resp, _ := e.do(t, "GET", "/v2/clients/"+id+k.query, bearer(k.key), ""); resp.StatusCode != 404 {
			t.Errorf("GET a test client with the %s = %d, want 404", k.name, resp.StatusCode)
		}
	}

	resp, out = e.do(t, "PUT", "/v2/clients/"+id, bearer(e.test),
		`{"phone":"5512345678","defaults":{"keepFullLegalName":true},"legalName":"Peña Núñez SA de CV","metadata":{"crm":"1"}}`)
	if resp.StatusCode != 200 {
		t.Fatalf("PUT /v2/clients = %d %v", resp.StatusCode, out)
	}
	for path, w := range map[string]any{"data.phone": "5512345678", "data.legal_name": "PEÑA NÚÑEZ SA DE CV",
		"data.email": "pago@pena.mx", "data.address.zip": "06600", "data.metadata.crm": "1",
		"data.defaults.issue_automatic_invoices": false} {
		if got := lookup(out, path); got != w {
			t.Errorf("PUT: %s = %v, want %v", path, got, w)
		}
	}
	resp, out = e.do(t, "PUT", "/v2/clients/"+id, bearer(e.test), `{"metadata":{"crm":null,"b":2},"email":"bad","address":{"zip":"123"}}`)
	if resp.StatusCode != 400 || !strings.Contains(fmt.Sprint(lookup(out, "error.details")), "email: must be an email address") ||
		!strings.Contains(fmt.Sprint(lookup(out, "error.details")), "address.zip: CFDI40147: must be a 5-digit postal code") {
		t.Errorf("PUT with a bad email and zip = %d %v", resp.StatusCode, out)
	}
	if _, out = e.do(t, "GET", "/v2/clients/"+id, bearer(e.test), ""); lookup(out, "data.email") != "pago@pena.mx" {
		t.Errorf("a refused PUT changed the client: %v", out)
	}

	resp, out = e.do(t, "DELETE", "/v2/clients/"+id, bearer(e.test), "")
	if resp.StatusCode != 200 || lookup(out, "data.deleted") != true || lookup(out, "data.id") != id {
		t.Errorf("DELETE = %d %v", resp.StatusCode, out)
	}
	if resp, _ := e.do(t, "GET", "/v2/clients/"+id, bearer(e.test), ""); resp.StatusCode != 404 {
		t.Errorf("GET after DELETE = %d, want 404", resp.StatusCode)
	}
	if resp, _ := e.do(t, "DELETE", "/v2/clients/"+id, bearer(e.test), ""); resp.StatusCode != 404 {
		t.Errorf("DELETE twice = %d, want 404", resp.StatusCode)
	}

	evs, _, _, err := e.svc.FindEvents(context.Background(), sello.EventFilter{TeamID: e.parent.ID})
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, ev := range evs {
		types = append(types, ev.Type)
	}
	if diff := cmp.Diff([]string{"customer.created", "customer.updated", "customer.deleted"}, types); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestClientChildTeamAndAliases(t *testing.T) {
	t.Parallel()
	e := setup(t)
	q := "?team=" + string(e.child.ID)
	body := `{"name":"Ana","RFC":"XAXX010101000","taxSystem":"616","zipCode":"42501","email":"ana@example.com"}`
	resp, out := e.do(t, "POST", "/v2/clients"+q, bearer(e.test), body)
	if resp.StatusCode != 201 || lookup(out, "data.team") != string(e.child.ID) || lookup(out, "data.use") != "S01" ||
		lookup(out, "data.address.zip") != "42501" {
		t.Fatalf("POST /v2/clients for the child = %d %v", resp.StatusCode, out)
	}
	id := lookup(out, "data.id").(string)
	if resp, _ := e.do(t, "GET", "/v2/clients/"+id+q, bearer(e.test), ""); resp.StatusCode != 200 {
		t.Errorf("GET the child's client with team= = %d", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/v2/clients/"+id, bearer(e.childTest), ""); resp.StatusCode != 200 {
		t.Errorf("GET the child's client with the child's key = %d", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/v2/clients/"+id, bearer(e.test), ""); resp.StatusCode != 404 {
		t.Errorf("GET the child's client as the parent = %d, want 404", resp.StatusCode)
	}
	if resp, _ := e.do(t, "GET", "/v2/clients?team="+string(e.other.ID), bearer(e.test), ""); resp.StatusCode != 403 {
		t.Errorf("GET /v2/clients of an unrelated team = %d, want 403", resp.StatusCode)
	}
	resp, out = e.do(t, "POST", "/v2/clients", bearer(e.test), `{"phone":"1"}`)
	if resp.StatusCode != 400 || !strings.Contains(fmt.Sprint(lookup(out, "error.details")), "name: one of name, legal_name or email is required") {
		t.Errorf("POST without name, legal_name or email = %d %v", resp.StatusCode, out)
	}
	resp, out = e.do(t, "POST", "/v2/clients", bearer(e.test), `{"name":5,"email":"a@b.mx","bcc":"x","address":{"zip":"99999","country":"Atlantis"}}`)
	details := fmt.Sprint(lookup(out, "error.details"))
	for _, w := range []string{"name: must be a string", "bcc: must be an array of strings"} {
		if resp.StatusCode != 400 || !strings.Contains(details, w) {
			t.Errorf("POST with bad types = %d, details %s, want %q", resp.StatusCode, details, w)
		}
	}
	resp, out = e.do(t, "POST", "/v2/clients", bearer(e.test), `{"email":"a@b.mx","bcc":["x"],"address":{"country":"Atlantis"}}`)
	details = fmt.Sprint(lookup(out, "error.details"))
	for _, w := range []string{"bcc[0]: must be an email address", "address.country: CFDI40150: must be a country"} {
		if resp.StatusCode != 400 || !strings.Contains(details, w) {
			t.Errorf("POST with bad types = %d, details %s, want %q", resp.StatusCode, details, w)
		}
	}
	resp, out = e.do(t, "POST", "/v2/clients", bearer(e.test), `{"email":"a@b.mx","address":{"zip":"06600","country":"mx"}}`)
	if resp.StatusCode != 201 || lookup(out, "data.address.country") != "MEX" {
		t.Errorf("country mx = %d %v, want MEX", resp.StatusCode, lookup(out, "data.address"))
	}
}

func TestClientListAndSearch(t *testing.T) {
	t.Parallel()
	e := setup(t)
	names := []string{"José Peña", "Ana Núñez", "Bruno Díaz", "Carla Ibáñez", "Daniel Ruiz"}
	for i, n := range names {
		body := fmt.Sprintf(`{"name":%q,"email":"c%d@example.com","company":"Compañía %d"}`, n, i, i)
		if resp, out := e.do(t, "POST", "/v2/clients", bearer(e.test), body); resp.StatusCode != 201 {
			t.Fatalf("POST %s = %d %v", body, resp.StatusCode, out)
		}
	}
	if resp, _ := e.do(t, "POST", "/v2/clients", bearer(e.live), `{"name":"Ana Live"}`); resp.StatusCode != 201 {
		t.Fatal("live client")
	}
	var got []string
	next := ""
	for page := 0; page < 5; page++ {
		path := "/v2/clients?limit=2&sort=asc"
		if next != "" {
			path += "&next=" + url.QueryEscape(next)
		}
		resp, out := e.do(t, "GET", path, bearer(e.test), "")
		if resp.StatusCode != 200 || lookup(out, "total_results") != 5.0 {
			t.Fatalf("GET %s = %d %v", path, resp.StatusCode, out)
		}
		for _, c := range lookup(out, "data").([]any) {
			got = append(got, c.(map[string]any)["name"].(string))
		}
		n, _ := lookup(out, "next").(string)
		if next = n; next == "" {
			break
		}
	}
	if diff := cmp.Diff(names, got); diff != "" {
		t.Errorf("paged list (-want +got):\n%s", diff)
	}
	tests := []struct {
		path string
		want []string
	}{
		{"/v2/clients/search?q=NUNEZ", []string{"Ana Núñez"}},
		{"/v2/clients/search?q=pena", []string{"José Peña"}},
		{"/v2/clients/search?q=c2%40example", []string{"Bruno Díaz"}},
		{"/v2/clients/search?q=compania+3", []string{"Carla Ibáñez"}},
		{"/v2/clients/search?q=a&limit=2&page=2&sort=asc", []string{"Bruno Díaz", "Carla Ibáñez"}},
		{"/v2/clients?name=IBANEZ", []string{"Carla Ibáñez"}},
		{"/v2/clients?email=C4%40EXAMPLE.COM", []string{"Daniel Ruiz"}},
		{"/v2/clients?order_by=name&sort=asc&limit=1", []string{"Ana Núñez"}},
	}
	for _, tt := range tests {
		resp, out := e.do(t, "GET", tt.path, bearer(e.test), "")
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d %v", tt.path, resp.StatusCode, out)
			continue
		}
		var names []string
		for _, c := range lookup(out, "data").([]any) {
			names = append(names, c.(map[string]any)["name"].(string))
		}
		if diff := cmp.Diff(tt.want, names); diff != "" {
			t.Errorf("GET %s (-want +got):\n%s", tt.path, diff)
		}
	}
	if resp, out := e.do(t, "GET", "/v2/clients/search", bearer(e.test), ""); resp.StatusCode != 400 || lookup(out, "error.code") != "missing_required_field" {
		t.Errorf("search without q = %d %v", resp.StatusCode, out)
	}
}

func TestClientFindOrCreate(t *testing.T) {
	t.Parallel()
	e := setup(t)
	post := func(body string) (int, map[string]any) {
		resp, out := e.do(t, "POST", "/v2/clients", bearer(e.test), body)
		return resp.StatusCode, out
	}
	st, out := post(`{"name":"Uno","email":"dup@example.com","tax_id":"EKU9003173C9","tax_system":"601","search":{"on_key":"rfc","on_value":"eku9003173c9"}}`)
	if st != 201 {
		t.Fatalf("search with no match = %d %v, want 201", st, out)
	}
	id := lookup(out, "data.id")
	st, out = post(`{"name":"Otro nombre","search":{"on_key":"tax_id","on_value":"EKU9003173C9"}}`)
	if st != 200 || lookup(out, "data.id") != id || lookup(out, "data.name") != "Uno" {
		t.Errorf("search with one match = %d %v, want 200 unchanged", st, out)
	}
	st, out = post(`{"name":"Nuevo","search":{"onKey":"tax_id","onValue":"EKU9003173C9","update":true}}`)
	if st != 200 || lookup(out, "data.id") != id || lookup(out, "data.name") != "Nuevo" {
		t.Errorf("search with update = %d %v, want 200 updated", st, out)
	}
	post(`{"name":"Dos","email":"DUP@example.com"}`)
	st, out = post(`{"name":"Tres","search":{"on_key":"email","on_value":"dup@example.com"}}`)
	if st != 409 || lookup(out, "error.code") != "resource_conflict" || len(lookup(out, "error.details").([]any)) != 2 {
		t.Errorf("search with two matches = %d %v, want 409 listing both", st, out)
	}
	st, out = post(`{"name":"Tres","search":{"on_key":"phone","on_value":"1"}}`)
	if st != 400 || !strings.Contains(fmt.Sprint(lookup(out, "error.details")), "search.on_key") {
		t.Errorf("search on an unknown key = %d %v", st, out)
	}
	st, _ = post(`{"name":"nuevo","search":{"on_key":"name","on_value":"NUEVO"}}`)
	if st != 200 {
		t.Errorf("search by name, case-insensitive = %d, want 200", st)
	}
}

func TestClientValidateAndPortal(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, out := e.do(t, "POST", "/v2/clients", bearer(e.test), cliClient)
	id := lookup(out, "data.id").(string)
	resp, out := e.do(t, "POST", "/v2/clients/validate/"+id, bearer(e.test), "")
	if resp.StatusCode != 200 || lookup(out, "data.is_valid") != true || lookup(out, "data.isValid") != true ||
		len(lookup(out, "data.checks").([]any)) != 5 {
		t.Fatalf("validate = %d %v", resp.StatusCode, out)
	}
	if _, out = e.do(t, "GET", "/v2/clients/"+id, bearer(e.test), ""); lookup(out, "data.is_valid") != true {
		t.Errorf("is_valid not stored: %v", lookup(out, "data"))
	}
	_, out = e.do(t, "POST", "/v2/clients", bearer(e.test), `{"email":"solo@example.com"}`)
	id2 := lookup(out, "data.id").(string)
	_, out = e.do(t, "POST", "/v2/clients/validate/"+id2, bearer(e.test), "")
	if lookup(out, "data.is_valid") != false || lookup(out, "data.checks.0.field") != "tax_id" || lookup(out, "data.checks.0.ok") != false {
		t.Errorf("validate an incomplete client = %v", out)
	}
	if resp, _ := e.do(t, "POST", "/v2/clients/validate/client_nope", bearer(e.test), ""); resp.StatusCode != 404 {
		t.Errorf("validate unknown = %d", resp.StatusCode)
	}

	resp, out = e.do(t, "POST", "/v2/clients/customerportal", bearer(e.test), `{"email":"PAGO@pena.mx"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("customerportal = %d %v", resp.StatusCode, out)
	}
	u, _ := lookup(out, "data.url").(string)
	token, found := strings.CutPrefix(u, e.url+"/portal/")
	if !found {
		t.Fatalf("url = %q, want %s/portal/…", u, e.url)
	}
	exp := int64(lookup(out, "data.expires_at").(float64))
	now := e.svc.Now()
	if d := time.Unix(exp, 0).Sub(now); d < 5*24*time.Hour-time.Minute || d > 5*24*time.Hour {
		t.Errorf("expires_at %d is %v from now, want 5 days", exp, d)
	}
	c, err := e.svc.OpenPortalLink(context.Background(), token)
	if err != nil || c.ID != id {
		t.Errorf("OpenPortalLink = %v, %v; want client %s", c, err, id)
	}
	if _, err := e.svc.OpenPortalLink(context.Background(), token+"x"); sello.ErrorCode(err) != sello.NotFound {
		t.Errorf("OpenPortalLink(forged) = %v, want NotFound", err)
	}
	for body, want := range map[string]int{`{"id":"client_nope"}`: 404, `{}`: 400, `{"email":"none@x.mx"}`: 404} {
		if resp, out := e.do(t, "POST", "/v2/clients/customerportal", bearer(e.test), body); resp.StatusCode != want {
			t.Errorf("customerportal %s = %d %v, want %d", body, resp.StatusCode, out, want)
		}
	}
}
