package webhook_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/sello-mx/sello"
)

// TestSecretsSealedAtRest checks that the store holds no signing secret in
// the clear, that the Service opens what it sealed (both slots after a
// rotation), and that a sealed secret does not open for another webhook.
func TestSecretsSealedAtRest(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx := context.Background()
	id, first := e.createWebhook("/sealed")
	_, out := e.call("POST", "/v2/webhooks/"+id+"/rotate-secret", e.key, nil)
	second, _ := out["data"].(map[string]any)["secret"].(string)
	stored, err := e.db.FindWebhookByID(ctx, e.team.ID, false, id)
	if err != nil {
		t.Fatalf("FindWebhookByID: %v", err)
	}
	for _, s := range []string{stored.Secret, stored.PreviousSecret} {
		if !strings.HasPrefix(s, "sealed1:") || strings.Contains(s, "whsec_") {
			t.Errorf("stored secret %q, want it sealed", s)
		}
	}
	moved := *stored
	moved.ID = "wh_other"
	if err := e.svc.OpenWebhookSecrets(&moved); sello.ErrorCode(err) != sello.DataIntegrity {
		t.Errorf("OpenWebhookSecrets(another webhook) = %v, want DataIntegrity", err)
	}
	if err := e.svc.OpenWebhookSecrets(stored); err != nil {
		t.Fatalf("OpenWebhookSecrets: %v", err)
	}
	if stored.Secret != second || stored.PreviousSecret != first {
		t.Errorf("opened secrets = %q, %q; want %q, %q", stored.Secret, stored.PreviousSecret, second, first)
	}
	// An update keeps the sealed secrets as they are.
	if status, out := e.call("PUT", "/v2/webhooks/"+id, e.key, map[string]any{"description": "x"}); status != 200 {
		t.Fatalf("PUT = %d %v", status, out)
	}
	again, _ := e.db.FindWebhookByID(ctx, e.team.ID, false, id)
	if err := e.svc.OpenWebhookSecrets(again); err != nil || again.Secret != second {
		t.Errorf("after an update: secret %q, %v; want %q", again.Secret, err, second)
	}
}

// TestIdempotentCreateHidesSecret checks that a replay of POST /v2/webhooks
// under the same Idempotency-Key answers the same webhook without its
// secret, which is shown once.
func TestIdempotentCreateHidesSecret(t *testing.T) {
	t.Parallel()
	e := setup(t)
	body := `{"url":"` + e.rc.srv.URL + `/idem"}`
	post := func() (int, string, map[string]any) {
		req, _ := http.NewRequest("POST", e.api+"/v2/webhooks", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.key)
		req.Header.Set("Idempotency-Key", "create-hook-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST: %v", err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("decode: %v", err)
		}
		data, _ := out["data"].(map[string]any)
		return resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), data
	}
	status, _, first := post()
	if status != 201 || !strings.HasPrefix(first["secret"].(string), "whsec_") {
		t.Fatalf("first POST = %d %v, want 201 with the secret", status, first)
	}
	status, replayed, again := post()
	if status != 201 || replayed != "true" || again["id"] != first["id"] {
		t.Fatalf("replay = %d (replayed %q) %v, want 201, the same webhook", status, replayed, again)
	}
	if _, ok := again["secret"]; ok {
		t.Errorf("replay shows the secret: %v", again)
	}
}
