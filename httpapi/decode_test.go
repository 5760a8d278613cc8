package httpapi

import (
	"encoding/json"
	"testing"

	"github.com/sello-mx/sello"
)

type bindRequest struct {
	Quantity  json.Number `json:"quantity"`
	LegalName string      `json:"legal_name"`
	Active    bool        `json:"active"`
}

func TestDecode(t *testing.T) {
	t.Parallel()
	echo := func(c *call) (*reply, error) {
		var req bindRequest
		var p sello.Problems
		c.decode(&req, &p)
		if err := p.Err("Invalid request body"); err != nil {
			return nil, err
		}
		return ok("bound", req), nil
	}
	e := setup(t, withRoutes(
		&route{Method: "POST", Pattern: "/v2/test/bind", Surface: surfaceC, Handler: echo},
		&route{Method: "POST", Pattern: "/v2/test/bind-s", Surface: surfaceS, Handler: echo},
	))
	e.run(t, []scenario{
		{name: "decimal kept", method: "POST", path: "/v2/test/bind", hdr: bearer(e.test), body: `{"quantity": 1.10, "legalName": "A", "active": true}`, status: 200,
			want: map[string]any{"data.quantity": 1.1, "data.legal_name": "A", "data.active": true}},
		{name: "wrong type snake", method: "POST", path: "/v2/test/bind", hdr: bearer(e.test), body: `{"legalName": 5}`, status: 400, code: "invalid_field_value",
			want: map[string]any{"error.details": []any{"legal_name: must be a string"}}},
		{name: "wrong type camel surface", method: "POST", path: "/v2/test/bind-s", hdr: bearer(e.test), body: `{"legal_name": true}`, status: 400, code: "invalid_field_value",
			want: map[string]any{"error.details": []any{"legalName: must be a string"}}},
		{name: "boolean must be JSON boolean", method: "POST", path: "/v2/test/bind", hdr: bearer(e.test), body: `{"active": "true"}`, status: 400, code: "invalid_field_value"},
		{name: "livemode matches", method: "POST", path: "/v2/test/bind", hdr: bearer(e.live), body: `{"livemode": true}`, status: 200},
		{name: "livemode differs", method: "POST", path: "/v2/test/bind", hdr: bearer(e.test), body: `{"livemode": true}`, status: 400, code: "invalid_field_value",
			want: map[string]any{"error.details": []any{"livemode: does not match the API key's mode"}}},
		{name: "double slash cleaned", method: "GET", path: "/v2//ping", hdr: bearer(e.test), status: 200},
	})
}

func TestCamelCase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"legal_name": "legalName", "zip": "zip", "items[0].unit_price": "items[0].unitPrice", "a__b": "aB"} {
		if got := camelCase(in); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", in, got, want)
		}
	}
}
