package webhook_test

import "testing"

func TestWebhookRoutes(t *testing.T) {
	t.Parallel()
	e := setup(t)
	long := "https://hooks.example.com/sello"
	tests := []struct {
		name       string
		method     string
		path       string
		key        string
		body       any
		wantStatus int
		wantCode   string
		wantDetail string
	}{
		{"missing url", "POST", "/v2/webhooks", e.key, map[string]any{}, 400, "missing_required_field", "url: is required"},
		{"unknown event", "POST", "/v2/webhooks", e.key, map[string]any{"url": long, "events": []any{"invoice.cancelled", "nope"}}, 400, "invalid_field_value", "events[1]: is not a known event name"},
		{"http in live mode", "POST", "/v2/webhooks", e.live, map[string]any{"url": "http://hooks.example.com/x"}, 400, "invalid_field_value", "url: must use https in live mode"},
		{"user info", "POST", "/v2/webhooks", e.key, map[string]any{"url": "https://a:b@hooks.example.com/"}, 400, "invalid_field_value", "url: must not carry user information"},
		{"two problems", "POST", "/v2/webhooks", e.key, map[string]any{"url": "ftp://x", "status": "paused"}, 400, "validation_failed", ""},
		{"events not array", "POST", "/v2/webhooks", e.key, map[string]any{"url": long, "events": "all"}, 400, "invalid_field_value", "events: must be an array of strings"},
		{"bad status filter", "GET", "/v2/webhooks?status=paused", e.key, nil, 400, "invalid_field_value", "status: must be active or inactive"},
		{"unknown webhook", "GET", "/v2/webhooks/wh_nope", e.key, nil, 404, "resource_not_found", ""},
		{"deliveries of unknown webhook", "GET", "/v2/webhooks/wh_nope/deliveries", e.key, nil, 404, "resource_not_found", ""},
		{"unknown event", "GET", "/v2/events/evt_nope", e.key, nil, 404, "resource_not_found", ""},
		{"bad event filter", "GET", "/v2/events?event=nope", e.key, nil, 400, "invalid_field_value", "event: is not a known event name"},
		{"replay unknown event", "POST", "/v2/events/evt_nope/replay", e.key, map[string]any{}, 404, "resource_not_found", ""},
	}
	for _, tt := range tests {
		status, out := e.call(tt.method, tt.path, tt.key, tt.body)
		if status != tt.wantStatus {
			t.Errorf("%s: %s %s = %d %v, want %d", tt.name, tt.method, tt.path, status, out, tt.wantStatus)
			continue
		}
		errObj, _ := out["error"].(map[string]any)
		if errObj["code"] != tt.wantCode {
			t.Errorf("%s: code = %v, want %s", tt.name, errObj["code"], tt.wantCode)
		}
		if tt.wantDetail != "" {
			if d, _ := errObj["details"].([]any); len(d) != 1 || d[0] != tt.wantDetail {
				t.Errorf("%s: details = %v, want [%s]", tt.name, errObj["details"], tt.wantDetail)
			}
		}
	}
}

func TestWebhookLifecycle(t *testing.T) {
	t.Parallel()
	e := setup(t)
	status, out := e.call("POST", "/v2/webhooks", e.key, map[string]any{"url": "https://hooks.example.com/a",
		"events": []any{"customer.created"}, "description": "CRM", "type": "gigstack_connect"})
	data := out["data"].(map[string]any)
	id := data["id"].(string)
	if status != 201 || data["status"] != "active" || data["description"] != "CRM" || data["createdAt"] == nil || data["owner"] != nil {
		t.Fatalf("create = %d %v", status, data)
	}
	if s, _ := data["secret"].(string); len(s) != len("whsec_")+44 {
		t.Errorf("secret = %q, want whsec_ and the base64 of 32 bytes", s)
	}
	_, out = e.call("GET", "/v2/webhooks/"+id, e.key, nil)
	if _, has := out["data"].(map[string]any)["secret"]; has {
		t.Errorf("GET shows the secret: %v", out["data"])
	}
	if code, _ := e.call("GET", "/v2/webhooks/"+id, e.live, nil); code != 404 {
		t.Errorf("GET with a live key = %d, want 404 (test-mode webhook)", code)
	}
	_, out = e.call("PUT", "/v2/webhooks/"+id, e.key, map[string]any{"description": nil, "status": "inactive", "events": []any{}})
	data = out["data"].(map[string]any)
	if data["description"] != nil || data["status"] != "inactive" || len(data["events"].([]any)) != 0 || data["url"] != "https://hooks.example.com/a" {
		t.Errorf("after PUT = %v", data)
	}
	_, out = e.call("GET", "/v2/webhooks?status=inactive", e.key, nil)
	if out["total_results"] != 1.0 || out["totalResults"] != 1.0 {
		t.Errorf("list inactive = %v", out)
	}
	code, out := e.call("DELETE", "/v2/webhooks/"+id, e.key, nil)
	if code != 200 || out["data"].(map[string]any)["deleted"] != true {
		t.Errorf("DELETE = %d %v", code, out)
	}
	if code, _ := e.call("GET", "/v2/webhooks/"+id, e.key, nil); code != 404 {
		t.Errorf("GET after DELETE = %d, want 404", code)
	}
}

func TestEventsAndReplay(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// POST /v2/ping emits nothing.
	e.call("POST", "/v2/ping", e.key, map[string]any{"x": 1})
	if _, out := e.call("GET", "/v2/events", e.key, nil); out["total_results"] != 0.0 {
		t.Fatalf("events after a ping = %v, want none", out)
	}
	a, _ := e.createWebhook("/a", "invoice.cancelled")
	b, _ := e.createWebhook("/b", "customer.created")
	e.record(e.event("evt_1", "invoice.canceled"), e.event("evt_2", "customer.created"))
	e.drain()
	_, out := e.call("GET", "/v2/events?event=invoice.cancelled", e.key, nil)
	list := out["data"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["id"] != "evt_1" || list[0].(map[string]any)["event"] != "invoice.canceled" {
		t.Errorf("GET /v2/events?event=invoice.cancelled = %v", list)
	}
	if code, out := e.call("GET", "/v2/events/evt_2", e.key, nil); code != 200 || out["data"].(map[string]any)["data"].(map[string]any)["object"] == nil {
		t.Errorf("GET /v2/events/evt_2 = %d %v", code, out)
	}
	// Replay to a webhook that does not subscribe: delivered anyway.
	code, out := e.call("POST", "/v2/events/evt_1/replay", e.key, map[string]any{"webhookId": b})
	if code != 200 || out["data"].(map[string]any)["webhook"] != b {
		t.Fatalf("replay to %s = %d %v", b, code, out)
	}
	// Replay to every subscriber: only a.
	code, out = e.call("POST", "/v2/events/evt_1/replay", e.key, nil)
	if ds, _ := out["data"].([]any); code != 200 || len(ds) != 1 || ds[0].(map[string]any)["webhook"] != a {
		t.Fatalf("replay to all = %d %v", code, out)
	}
	e.drain()
	if got := e.rc.requests("/a"); len(got) != 2 || got[0].header.Get("webhook-id") != "evt_1" || got[1].header.Get("webhook-id") != "evt_1" {
		t.Errorf("/a got %d requests, want the event and its replay with webhook-id evt_1", len(got))
	}
	if got := e.rc.requests("/b"); len(got) != 2 {
		t.Errorf("/b got %d requests, want evt_2 and the replay of evt_1", len(got))
	}
	if code, _ := e.call("POST", "/v2/events/evt_1/replay", e.key, map[string]any{"webhook": "wh_nope"}); code != 404 {
		t.Errorf("replay to an unknown webhook = %d, want 404", code)
	}
}
