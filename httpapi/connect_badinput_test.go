package httpapi

import "testing"

// TestConnectBadInput: malformed values answer 400 naming the field, never
// 500, and create nothing.
func TestConnectBadInput(t *testing.T) {
	t.Parallel()
	ce := setupConnect(t)
	e := ce.env()
	child := ce.createChild(t, "CACX7605101P8")
	p := bearer(ce.pKey)
	e.run(t, []scenario{
		{name: "wrong types", method: "POST", path: "/v2/connect/teams", hdr: p,
			body:   `{"members":"x","alias":5,"primaryColor":"#fff","logoUrl":"https://a.mx","legalName":"A","address":"x","contactEmails":[1],"supportEmail":"a@b.mx","metadata":[]}`,
			status: 400, code: "validation_failed", want: map[string]any{"error.details": []any{
				"address: must be an object", "alias: must be a string", "contactEmails[0]: must be a string",
				"metadata: must be an object", "members: must be an array of user ids"}}},
		{name: "member object without id", method: "PUT", path: "/v2/connect/teams/" + child + "/members", hdr: p,
			body: `{"members":[{"role":"viewer"}]}`, status: 400, code: "missing_required_field"},
		{name: "bad role", method: "PUT", path: "/v2/connect/teams/" + child + "/members", hdr: p,
			body: `{"members":[{"id":"` + ce.userID + `","role":"owner"}]}`, status: 400, code: "invalid_field_value"},
		{name: "bad permission", method: "PUT", path: "/v2/connect/teams/" + child + "/members", hdr: p,
			body: `{"members":[{"id":"` + ce.userID + `","permissions":{"invoices":"all"}}]}`, status: 400, code: "invalid_field_value"},
		{name: "settings nested wrong type", method: "PUT", path: "/v2/teams/" + child + "/settings", hdr: p, body: `{"emails":{"invoices_bcc":"x"}}`, status: 400, code: "invalid_field_value"},
		{name: "settings object for array", method: "PUT", path: "/v2/teams/" + child + "/settings", hdr: p, body: `{"taxes":{}}`, status: 400, code: "invalid_field_value"},
		{name: "series too long", method: "POST", path: "/v2/teams/" + child + "/series", hdr: p, body: `{"series":"ABCDEFGHIJKLMNOPQRSTUVWXYZ"}`, status: 400, code: "invalid_field_value"},
		{name: "series folio 0", method: "POST", path: "/v2/teams/" + child + "/series", hdr: p, body: `{"series":"Q","live":0}`, status: 400, code: "invalid_field_value"},
		{name: "series folio text", method: "POST", path: "/v2/teams/" + child + "/series", hdr: p, body: `{"series":"Q","live":"x"}`, status: 400, code: "invalid_field_value"},
		{name: "series unknown", method: "PUT", path: "/v2/teams/" + child + "/series/nope", hdr: p, body: `{"live":2}`, status: 404, code: "resource_not_found"},
		{name: "user without email", method: "POST", path: "/v2/users", hdr: p, body: `{"first_name":"X"}`, status: 400, code: "missing_required_field"},
		{name: "user bad email and role", method: "POST", path: "/v2/users", hdr: p, body: `{"email":"x","role":"owner"}`, status: 400, code: "validation_failed"},
		{name: "users bad role filter", method: "GET", path: "/v2/users?role=boss", hdr: p, status: 400, code: "invalid_field_value"},
		{name: "connect bad status filter", method: "GET", path: "/v2/connect/teams?status=zzz", hdr: p, status: 400, code: "invalid_field_value"},
		{name: "not multipart", method: "POST", path: "/v2/teams/" + child + "/sat-connection", hdr: p, body: `{"cer":"x"}`, status: 400, code: "file_upload_error"},
		{name: "remove non-member", method: "POST", path: "/v2/teams/" + child + "/remove-member", hdr: p, body: `{"id":"user_nope"}`, status: 404, code: "resource_not_found"},
		{name: "delete members none named", method: "DELETE", path: "/v2/connect/teams/" + child + "/members", hdr: p, status: 400, code: "missing_required_field"},
	})
	e.run(t, []scenario{{name: "nothing created", method: "GET", path: "/v2/connect/teams", hdr: p, status: 200, want: map[string]any{"totalResults": 1.0}}})
}
