package httpapi

import "testing"

// TestMembersOnlyOwnUsers: a team attaches only users that it or its
// parent created. Another team's user is answered exactly as a user that
// does not exist, through every way of attaching one, and stays unreadable.
func TestMembersOnlyOwnUsers(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	p, x := bearer(ce.pKey), bearer(ce.xKey)
	xTeam, pUser := string(ce.x.ID), ce.userID
	child := ce.createChild(t, "CACX7605101P8") // P's child, with P's user as its admin
	c := bearer(ce.childKey(t, child))
	_, out := e.do(t, "POST", "/v2/users?team="+child, p, `{"email":"hija@example.com","auto_join":false}`)
	childUser, _ := lookup(out, "data.id").(string)
	_, out = e.do(t, "POST", "/v2/users", p, `{"email":"libre@example.com","auto_join":false}`)
	pFree, _ := lookup(out, "data.id").(string)
	if childUser == "" || pFree == "" {
		t.Fatalf("fixture users: %q %q", childUser, pFree)
	}
	var tests []scenario
	for _, u := range []struct{ name, id string }{{"P's user", pUser}, {"unknown user", "user_nope"}} {
		tests = append(tests,
			scenario{name: "X add-member " + u.name, method: "POST", path: "/v2/teams/" + xTeam + "/add-member", hdr: x,
				body: `{"id":"` + u.id + `","role":"viewer"}`, status: 404, code: "resource_not_found"},
			scenario{name: "X puts members " + u.name, method: "PUT", path: "/v2/connect/teams/" + xTeam + "/members", hdr: x,
				body: `{"members":["` + u.id + `"]}`, status: 400, code: "invalid_field_value",
				want: map[string]any{"error.details": []any{"members[0]: user " + u.id + " does not exist"}}},
			scenario{name: "X creates a team with " + u.name, method: "POST", path: "/v2/teams", hdr: x,
				body: `{"legal_name":"X hija","add_members":[{"id":"` + u.id + `"}]}`, status: 400, code: "invalid_field_value",
				want: map[string]any{"error.details": []any{"add_members[0]: user " + u.id + " does not exist"}}},
			scenario{name: "X creates a connect team with " + u.name, method: "POST", path: "/v2/connect/teams", hdr: x,
				body: seedValid(u.id), status: 400, code: "invalid_field_value",
				want: map[string]any{"error.details": []any{"members[0]: user " + u.id + " does not exist"}}},
			scenario{name: "X reads " + u.name, method: "GET", path: "/v2/users/" + u.id, hdr: x, status: 404, code: "resource_not_found"},
		)
	}
	e.run(t, tests)
	e.runSeq(t, []scenario{
		{name: "the child attaches its parent's user", method: "POST", path: "/v2/teams/" + child + "/add-member", hdr: c,
			body: `{"id":"` + pFree + `","role":"viewer"}`, status: 200, want: map[string]any{"data.id": pFree, "data.role": "viewer"}},
		{name: "the parent attaches its user to the child", method: "PUT", path: "/v2/connect/teams/" + child + "/members", hdr: p,
			body: `{"members":[{"id":"` + pFree + `","role":"editor"}]}`, status: 200},
		{name: "the child's user is not the parent's to attach", method: "POST", path: "/v2/teams/" + string(ce.p.ID) + "/add-member", hdr: p,
			body: `{"id":"` + childUser + `"}`, status: 404, code: "resource_not_found"},
		{name: "the child attaches its own user", method: "POST", path: "/v2/teams/" + child + "/add-member", hdr: c,
			body: `{"id":"` + childUser + `"}`, status: 200, want: map[string]any{"data.role": "viewer"}},
		{name: "X still cannot read P's user", method: "GET", path: "/v2/users/" + pUser, hdr: x, status: 404, code: "resource_not_found"},
		{name: "X's users list has no stranger", method: "GET", path: "/v2/users", hdr: x, status: 200, want: map[string]any{"total_results": 0.0}},
	})
}
