package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/store/sqlite"
	"github.com/sello-mx/sello/stripe/stripetest"
)

// TestStripeOverHTTP runs the real server against stripe-mock: a team
// connects Stripe, a payment request creates its Checkout Session (linked
// from the payment page), a signed checkout.session.completed webhook
// makes the payment succeed and issues its
// PUE invoice, a webhook with a bad signature is refused with 400 and
// changes nothing, a refund goes through Stripe, and a failed charge marks
// its payment failed.
func TestStripeOverHTTP(t *testing.T) {
	t.Parallel()
	mock := stripetest.Mock(t)
	dbPath := filepath.Join(t.TempDir(), "sello.db")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"sello", "serve", "--addr", "127.0.0.1:0", "--db", dbPath},
			getenvFrom(map[string]string{"STRIPE_API_URL": mock}), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	addrRE := regexp.MustCompile(`Listening on (http://\S+)`)
	waitFor(t, "the listening line", func() bool { return addrRE.MatchString(stdout.String()) })
	base := addrRE.FindStringSubmatch(stdout.String())[1]
	key := regexp.MustCompile(`Sandbox TEST key \(shown once, keep it\): (\S+)`).FindStringSubmatch(stdout.String())[1]
	api := func(method, path, body string, want int) map[string]any {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != want {
			t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, raw, want)
		}
		return out
	}
	team := api("GET", "/v2/ping", "", 200)["data"].(map[string]any)["team"].(string)
	api("PUT", "/v2/teams/"+team+"/stripe", `{"secret_key":"sk_live_x","webhook_secret":"whsec_x"}`, 400)
	out := api("PUT", "/v2/teams/"+team+"/stripe", `{"secret_key":"sk_test_123","webhook_secret":"whsec_sello"}`, 200)
	if hook, _ := lookupPath(out, "data", "webhook_url").(string); hook != base+"/stripe/webhook/"+team {
		t.Errorf("webhook_url = %v", hook)
	}
	integ := api("GET", "/v2/teams/integrations", "", 200)
	if st := lookupPath(integ, "data", "stripe"); fmt.Sprint(st) != "map[completed:true has_keys:true]" {
		t.Errorf("integrations.stripe after connecting = %v", st)
	}
	body := `{"client":{"legal_name":"UNIVERSIDAD ROBOTICA ESPAÑOLA","tax_id":"URE180429TM6","tax_system":"601",
		"address":{"zip":"86991"}},"items":[{"description":"Curso","unit_price":1000,"taxes":[{"type":"IVA","rate":0.16}]}],
		"allowed_payment_methods":["card","bank"],"automation_type":"pue_invoice"}`
	pay := api("POST", "/v2/payments/request", body, 201)["data"].(map[string]any)
	id := pay["id"].(string)

	// The checkout exists: its id is stored with the payment and the page
	// links to it.
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored, err := db.FindPaymentByID(context.Background(), sello.TeamID(team), false, id)
	if err != nil || !strings.HasPrefix(stored.ProcessorRef, "cs_") || stored.CheckoutURL == "" {
		t.Fatalf("stored payment: %+v, %v", stored, err)
	}
	resp, err := http.Get(pay["short_url"].(string))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Tarjeta de crédito o débito") || !strings.Contains(string(page), `id="checkout"`) {
		t.Errorf("the payment page does not offer Stripe's checkout:\n%s", page)
	}

	post := func(typ, payment, secret string) (int, map[string]any) {
		t.Helper()
		ev, _ := json.Marshal(map[string]any{"id": "evt_" + typ, "object": "event", "type": typ, "livemode": false,
			"data": map[string]any{"object": map[string]any{"id": "cs_" + payment, "object": "checkout.session",
				"payment_status": "paid", "payment_intent": "pi_" + payment,
				"metadata": map[string]string{"sello_payment": payment}, "payment_method_types": []string{"card"}}}})
		signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: ev, Secret: secret, Timestamp: time.Now()})
		req, _ := http.NewRequest("POST", base+"/stripe/webhook/"+team, strings.NewReader(string(ev)))
		req.Header.Set("Stripe-Signature", signed.Header)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if st, out := post("checkout.session.completed", id, "whsec_wrong"); st != 400 || lookupPath(out, "error", "code") != "invalid_request_body" {
		t.Errorf("webhook with a bad signature = %d %v, want 400 invalid_request_body", st, out)
	}
	got := api("GET", "/v2/payments/"+id, "", 200)["data"].(map[string]any)
	if got["status"] != "requires_payment_method" || got["invoice_id"] != nil {
		t.Errorf("after a bad signature the payment changed: %v", got)
	}
	if st, out := post("checkout.session.completed", id, "whsec_sello"); st != 200 {
		t.Fatalf("webhook = %d %v", st, out)
	}
	got = api("GET", "/v2/payments/"+id, "", 200)["data"].(map[string]any)
	uuid, _ := got["invoice_id"].(string)
	if got["status"] != "succeeded" || got["payment_processor"] != "stripe" || got["payment_form"] != "04" || len(uuid) != 36 {
		t.Fatalf("after checkout.session.completed: %v", got)
	}
	inv := api("GET", "/v2/invoices/income/"+uuid, "", 200)["data"].(map[string]any)
	if inv["status"] != "valid" || inv["payment_method"] != "PUE" || inv["payment_form"] != "04" || inv["payment_id"] != id {
		t.Errorf("the invoice: %v", inv)
	}
	// The same event again changes nothing.
	if st, _ := post("checkout.session.completed", id, "whsec_sello"); st != 200 {
		t.Errorf("repeated webhook = %d", st)
	}
	if list := api("GET", "/v2/invoices/income", "", 200); fmt.Sprint(list["total_results"]) != "1" {
		t.Errorf("invoices after a repeated event: %v", list["total_results"])
	}
	refunded := api("POST", "/v2/payments/"+id+"/refund", `{"amount":160}`, 200)["data"].(map[string]any)
	if fmt.Sprint(lookupPath(refunded, "refunds")) == "[]" || refunded["amount_refunded"] != 160.0 {
		t.Errorf("refund through Stripe: %v", refunded)
	}
	if r := refunded["refunds"].([]any)[0].(map[string]any); r["external_processor_refund"] != true {
		t.Errorf("refund through Stripe is not marked external: %v", r)
	}

	// A failed charge.
	other := api("POST", "/v2/payments/request", body, 201)["data"].(map[string]any)["id"].(string)
	if st, out := post("checkout.session.async_payment_failed", other, "whsec_sello"); st != 200 {
		t.Fatalf("failed webhook = %d %v", st, out)
	}
	if got := api("GET", "/v2/payments/"+other, "", 200)["data"].(map[string]any); got["status"] != "failed" {
		t.Errorf("after checkout.session.async_payment_failed: %v", got["status"])
	}
	if evs := api("GET", "/v2/events?event=payment.failed", "", 200); fmt.Sprint(evs["total_results"]) != "1" {
		t.Errorf("payment.failed events: %v", evs["total_results"])
	}
}

// lookupPath walks nested objects by key.
func lookupPath(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
