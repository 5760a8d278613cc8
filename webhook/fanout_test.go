package webhook_test

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestResourceEventsFanOut checks that the events of the other resources
// (clients, services, Connect teams), recorded by their own changes, reach
// a subscribed webhook with their object rendered as the API shows it.
func TestResourceEventsFanOut(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.createWebhook("/res", "customer.created", "service.created", "teams.created")
	for _, c := range []struct {
		path string
		body map[string]any
	}{
		{"/v2/clients", map[string]any{"legal_name": "PEÑA NUÑEZ", "tax_id": "EKU9003173C9", "tax_system": "601", "zip": "06600"}},
		{"/v2/services", map[string]any{"name": "Consultoría", "price": 100, "product_key": "84111506"}},
		{"/v2/teams", map[string]any{"legal_name": "Hija SA", "tax_id": "IIA040805DZ4", "tax_system": "601", "address": map[string]any{"zip": "42501"}}},
	} {
		if status, out := e.call("POST", c.path, e.key, c.body); status != 201 {
			t.Fatalf("POST %s = %d %v", c.path, status, out)
		}
	}
	e.drain()
	var got []string
	for _, r := range e.rc.requests("/res") {
		var p struct {
			Type string `json:"type"`
			Data struct {
				Object map[string]any `json:"object"`
			} `json:"data"`
		}
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatalf("payload: %v", err)
		}
		if p.Data.Object["id"] == nil {
			t.Errorf("%s payload object = %v, want the API view", p.Type, p.Data.Object)
		}
		got = append(got, p.Type)
	}
	slices.Sort(got)
	if want := []string{"customer.created", "service.created", "teams.created"}; !slices.Equal(got, want) {
		t.Errorf("delivered %v, want %v", got, want)
	}
}
