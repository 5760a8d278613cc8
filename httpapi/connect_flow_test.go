package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/cfdi/cfditest"
)

// createChild creates a child of P through the seed surface and returns its id.
func (ce *connectEnv) createChild(t *testing.T, rfc string) string {
	t.Helper()
	body := strings.Replace(seedValid(ce.userID), "CACX7605101P8", rfc, 1)
	if rfc == "EKU9003173C9" {
		body = strings.Replace(body, `"taxSystem": "612"`, `"taxSystem": "601"`, 1)
	}
	resp, out := ce.env().do(t, "POST", "/v2/connect/teams", bearer(ce.pKey), body)
	if resp.StatusCode != 200 {
		t.Fatalf("create child: %d %v", resp.StatusCode, out)
	}
	return lookup(out, "data.id").(string)
}

func TestConnectFlow(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	child := ce.createChild(t, "CACX7605101P8")
	p, x := bearer(ce.pKey), bearer(ce.xKey)

	// The parent acts on the child with ?team= and through the path.
	e.runSeq(t, []scenario{
		{name: "parent lists children", method: "GET", path: "/v2/connect/teams", hdr: p, status: 200,
			want: map[string]any{"totalResults": 1.0, "data.0.id": child, "data.0.parentTeam": string(ce.p.ID)}},
		{name: "parent lists self then child", method: "GET", path: "/v2/teams", hdr: p, status: 200,
			want: map[string]any{"total_results": 2.0, "data.0.id": string(ce.p.ID), "data.1.id": child}},
		{name: "parent gets child", method: "GET", path: "/v2/connect/teams/" + child, hdr: p, status: 200, want: map[string]any{"data.id": child}},
		{name: "parent acts as child", method: "GET", path: "/v2/teams/integrations?team=" + child, hdr: p, status: 200,
			want: map[string]any{"data.sat.completed": false}},
		{name: "parent creates a user for the child", method: "POST", path: "/v2/users?team=" + child, hdr: p,
			body: `{"email":"hijo@example.com","role":"editor"}`, status: 201,
			want: map[string]any{"data.created_by_team": child, "data.role": "editor"}},
		{name: "parent lists the child's users", method: "GET", path: "/v2/users?team=" + child + "&email=HIJO@example.com", hdr: p, status: 200,
			want: map[string]any{"total_results": 1.0, "data.0.email": "hijo@example.com"}},
		{name: "parent's list has no child user", method: "GET", path: "/v2/users?email=hijo@example.com", hdr: p, status: 200,
			want: map[string]any{"total_results": 0.0}},
		{name: "parent onboarding of child", method: "GET", path: "/v2/connect/teams/" + child + "/onboarding", hdr: p, status: 200,
			want: map[string]any{"data.setupComplete": false, "data.integrations.sat.hasCertificate": false}},
	})

	// A third team's key reaches no child route.
	var routes []scenario
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/v2/connect/teams/{id}", ""},
		{"PUT", "/v2/connect/teams/{id}", `{"alias":"x"}`},
		{"GET", "/v2/connect/teams/{id}/onboarding", ""},
		{"GET", "/v2/connect/teams/{id}/members", ""},
		{"PUT", "/v2/connect/teams/{id}/members", `{"members":["` + ce.userID + `"]}`},
		{"DELETE", "/v2/connect/teams/{id}/members", `{"members":["` + ce.userID + `"]}`},
		{"GET", "/v2/teams/{id}", ""},
		{"PUT", "/v2/teams/{id}", `{"legal_name":"x"}`},
		{"DELETE", "/v2/teams/{id}", ""},
		{"GET", "/v2/teams/{id}/onboarding-url", ""},
		{"POST", "/v2/teams/{id}/add-member", `{"id":"` + ce.userID + `"}`},
		{"POST", "/v2/teams/{id}/remove-member", `{"id":"` + ce.userID + `"}`},
		{"GET", "/v2/teams/{id}/series", ""},
		{"POST", "/v2/teams/{id}/series", `{"series":"Z"}`},
		{"PUT", "/v2/teams/{id}/series/A", `{"live":3}`},
		{"GET", "/v2/teams/{id}/settings", ""},
		{"PUT", "/v2/teams/{id}/settings", `{"use":"G03"}`},
		{"POST", "/v2/teams/{id}/sat-connection", ""},
		{"GET", "/v2/teams?team={id}", ""},
		{"GET", "/v2/users?team={id}", ""},
		{"POST", "/v2/users?team={id}", `{"email":"intruso@example.com"}`},
		{"GET", "/v2/connect/teams?team={id}", ""},
	} {
		path := strings.ReplaceAll(r.path, "{id}", child)
		routes = append(routes, scenario{name: "other " + r.method + " " + r.path, method: r.method, path: path, hdr: x, body: r.body, status: 403, code: "forbidden"})
	}
	e.run(t, routes)

	// Nor sees another team's objects.
	e.runSeq(t, []scenario{
		{name: "other gets P's user", method: "GET", path: "/v2/users/" + ce.userID, hdr: x, status: 404, code: "resource_not_found"},
		{name: "other changes P's user", method: "PUT", path: "/v2/users/" + ce.userID, hdr: x, body: `{"phone":"1"}`, status: 404, code: "resource_not_found"},
		{name: "child key cannot create teams", method: "POST", path: "/v2/connect/teams", hdr: bearer(ce.childKey(t, child)), body: seedValid(ce.userID), status: 403, code: "insufficient_permissions"},
		{name: "child key cannot reach its parent", method: "GET", path: "/v2/connect/teams/" + string(ce.p.ID), hdr: bearer(ce.childKey(t, child)), status: 403, code: "forbidden"},
	})
}

// childKey issues a test key for a team made through the API.
func (ce *connectEnv) childKey(t *testing.T, team string) string {
	t.Helper()
	tok, _, err := ce.svc.IssueKey(context.Background(), sello.TeamID(team), false)
	if err != nil {
		t.Fatalf("IssueKey: %v", err)
	}
	return tok
}

func TestTeamsCRUD(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	p := bearer(ce.pKey)
	resp, out := e.do(t, "POST", "/v2/teams", p, `{"legal_name":"Hija SA","tax_id":"iia040805dz4","tax_system":"601",
		"address":{"zip":"42501","country":"Mexico"},"brand":{"alias":"Hija","primary_color":"#abc"},
		"metadata":{"a":"1","b":"2"},"generate_onboarding_url":true,"add_master_team_members":true}`)
	if resp.StatusCode != 201 {
		t.Fatalf("POST /v2/teams = %d %v", resp.StatusCode, out)
	}
	id := lookup(out, "data.id").(string)
	childKey := ce.childKey(t, id)
	e.runSeq(t, []scenario{
		{name: "created fields", method: "GET", path: "/v2/teams/" + id, hdr: p, status: 200, want: map[string]any{
			"data.name": "Hija", "data.tax_id": "IIA040805DZ4", "data.address.country": "MEX", "data.brand.primary_color": "#abc",
			"data.members.0.id": ce.userID, "data.members.0.role": "admin", "data.owner": ce.userID, "data.onboarding_url": nil,
			"data.settings.periodicity.value": "month", "data.billing.credits": nil, "data.sat.completed": false}},
		{name: "metadata merged", method: "PUT", path: "/v2/connect/teams/" + id, hdr: p, body: `{"metadata":{"a":null,"c":"3"},"primaryColor":"#000000"}`,
			status: 200, want: map[string]any{"data.metadata": map[string]any{"b": "2", "c": "3"}, "data.primaryColor": "#000000", "data.alias": "Hija"}},
		{name: "bad update names fields", method: "PUT", path: "/v2/teams/" + id, hdr: p, body: `{"brand":{"primary_color":"red"},"support_email":"nope"}`,
			status: 400, code: "validation_failed", want: map[string]any{"error.details": []any{
				"brand.primary_color: must be a hex colour #RRGGBB or #RGB", "support_email: must be a valid e-mail address"}}},
		{name: "at least one name", method: "POST", path: "/v2/teams", hdr: p, body: `{}`, status: 400, code: "missing_required_field"},
		{name: "unknown add_members user", method: "POST", path: "/v2/teams", hdr: p, body: `{"legal_name":"X","add_members":[{"id":"user_nope"}]}`,
			status: 400, code: "invalid_field_value", want: map[string]any{"error.details": []any{"add_members[0]: user user_nope does not exist"}}},
		{name: "delete self", method: "DELETE", path: "/v2/teams/" + string(ce.p.ID), hdr: p, status: 409, code: "operation_not_allowed"},
		{name: "series create", method: "POST", path: "/v2/teams/" + id + "/series", hdr: p, body: `{"series":"F","live":100}`, status: 201,
			want: map[string]any{"data.series": "F", "data.live": 100.0, "data.test": 1.0}},
		{name: "onboarding url is a string", method: "GET", path: "/v2/teams/" + id + "/onboarding-url", hdr: p, status: 200,
			want: map[string]any{"message": "Onboarding URL retrieved successfully"}},
		{name: "settings partial", method: "PUT", path: "/v2/teams/" + id + "/settings", hdr: p, body: `{"emails":{"avoid_invoice_emails":true},"use":"G03"}`, status: 200,
			want: map[string]any{"data.emails.avoid_invoice_emails": true, "data.emails.invoices_bcc": []any{}, "data.use": "G03", "data.periodicity.label": "Mensual"}},
		{name: "settings wrong type", method: "PUT", path: "/v2/teams/" + id + "/settings", hdr: p, body: `{"override_item_description":"yes"}`, status: 400, code: "invalid_field_value"},
	})
	e.runSeq(t, []scenario{
		{name: "series duplicate", method: "POST", path: "/v2/teams/" + id + "/series", hdr: p, body: `{"series":"F"}`, status: 409, code: "resource_already_exists"},
		{name: "series update by name", method: "PUT", path: "/v2/teams/" + id + "/series/F", hdr: p, body: `{"test":7}`, status: 200, want: map[string]any{"data.live": 100.0, "data.test": 7.0}},
		{name: "settings kept", method: "GET", path: "/v2/teams/" + id + "/settings", hdr: p, status: 200, want: map[string]any{"data.emails.avoid_invoice_emails": true}},
		{name: "last admin stays", method: "POST", path: "/v2/teams/" + id + "/remove-member", hdr: p, body: `{"id":"` + ce.userID + `"}`, status: 409, code: "operation_not_allowed"},
		{name: "add viewer", method: "POST", path: "/v2/teams/" + id + "/add-member", hdr: p, body: `{"id":"` + ce.userID + `","role":"viewer"}`, status: 409, code: "operation_not_allowed"},
		{name: "add unknown", method: "POST", path: "/v2/teams/" + id + "/add-member", hdr: p, body: `{"id":"user_nope"}`, status: 404, code: "resource_not_found"},
	})
	if resp, _ := e.do(t, "DELETE", "/v2/teams/"+id, p, ""); resp.StatusCode != 200 {
		t.Fatalf("DELETE child = %d", resp.StatusCode)
	}
	e.runSeq(t, []scenario{
		{name: "deleted child is gone", method: "GET", path: "/v2/teams/" + id, hdr: p, status: 403, code: "forbidden"},
		{name: "deleted child's key", method: "GET", path: "/v2/ping", hdr: bearer(childKey), status: 401, code: "invalid_token"},
		{name: "list without child", method: "GET", path: "/v2/connect/teams", hdr: p, status: 200, want: map[string]any{"totalResults": 0.0}},
	})
}

func TestConnectMembers(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	child := ce.createChild(t, "CACX7605101P8")
	p := bearer(ce.pKey)
	_, out := e.do(t, "POST", "/v2/users", p, `{"email":"beto@example.com","auto_join":false}`)
	beto := lookup(out, "data.id").(string)
	e.runSeq(t, []scenario{
		{name: "put members", method: "PUT", path: "/v2/connect/teams/" + child + "/members", hdr: p,
			body: `{"members":[{"id":"` + beto + `","role":"viewer","permissions":{"payments":"edit"}}]}`, status: 200,
			want: map[string]any{"totalResults": 2.0, "data.1.id": beto, "data.1.role": "viewer", "data.1.permissions.payments": "edit",
				"data.1.permissions.invoices": "view", "data.1.isSuperAdmin": false, "data.0.isSuperAdmin": true}},
	})
	e.runSeq(t, []scenario{
		{name: "unknown member", method: "PUT", path: "/v2/connect/teams/" + child + "/members", hdr: p, body: `{"members":["user_x"]}`,
			status: 400, code: "invalid_field_value"},
		{name: "remove last admin", method: "DELETE", path: "/v2/connect/teams/" + child + "/members?members=" + ce.userID, hdr: p, status: 409, code: "operation_not_allowed"},
		{name: "remove viewer", method: "DELETE", path: "/v2/connect/teams/" + child + "/members", hdr: p, body: `{"members":["` + beto + `"]}`, status: 200,
			want: map[string]any{"totalResults": 1.0, "data.0.id": ce.userID}},
	})
	events, _, _, err := ce.svc.FindEvents(context.Background(), sello.EventFilter{TeamID: sello.TeamID(child), Type: sello.EventTeamMembersUpdated, ListOptions: sello.ListOptions{Limit: 10}})
	if err != nil || len(events) != 2 {
		t.Errorf("teams.members.updated events = %d, %v; want 2", len(events), err)
	}
	e.runSeq(t, []scenario{
		{name: "user update by creator", method: "PUT", path: "/v2/users/" + beto, hdr: p, body: `{"first_name":"Beto","role":"editor"}`, status: 200,
			want: map[string]any{"data.first_name": "Beto", "data.role": "editor"}},
		{name: "user delete", method: "DELETE", path: "/v2/users/" + beto, hdr: p, status: 200, want: map[string]any{"data.deleted": true}},
		{name: "duplicate email", method: "POST", path: "/v2/users", hdr: p, body: `{"email":"ANA@example.com"}`, status: 409, code: "resource_already_exists"},
		{name: "user of a child is not the parent's to change", method: "PUT", path: "/v2/users/" + ce.userID + "?team=" + child, hdr: p, body: `{"phone":"1"}`, status: 403, code: "forbidden"},
	})
}

// upload sends a CSD upload (parts in the order cer, key, keyPass) to path.
func upload(t *testing.T, base, path, key string, parts map[string][]byte, hdr ...string) (int, map[string]any, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, name := range []string{"cer", "key", "keyPass"} {
		b, ok := parts[name]
		if !ok {
			continue
		}
		var fw io.Writer
		var err error
		if name == "keyPass" {
			fw, err = w.CreateFormField(name)
		} else {
			fw, err = w.CreateFormFile(name, name+".bin")
		}
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	w.Close()
	req, err := http.NewRequest("POST", base+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("POST %s: %v\n%s", path, err, raw)
	}
	return resp.StatusCode, out, string(raw)
}

// csdFiles reads one of the SAT's test CSDs: cer, key and password.
func csdFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	root := filepath.Join(cfditest.SATDir(t), "csd", dir)
	out := map[string][]byte{}
	matches, _ := filepath.Glob(filepath.Join(root, "*.cer"))
	keys, _ := filepath.Glob(filepath.Join(root, "*.key"))
	if len(matches) != 1 || len(keys) != 1 {
		t.Fatalf("CSD files in %s: %v %v", root, matches, keys)
	}
	var err error
	if out["cer"], err = os.ReadFile(matches[0]); err != nil {
		t.Fatal(err)
	}
	if out["key"], err = os.ReadFile(keys[0]); err != nil {
		t.Fatal(err)
	}
	pass, err := os.ReadFile(filepath.Join(root, "password.txt"))
	if err != nil {
		t.Fatal(err)
	}
	out["keyPass"] = bytes.TrimSpace(pass)
	return out
}
