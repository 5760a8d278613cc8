package webhook_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/webhook"
)

func TestDeliveryOncePerSubscription(t *testing.T) {
	t.Parallel()
	e := setup(t)
	all, allSecret := e.createWebhook("/all")
	_, ukSecret := e.createWebhook("/uk", "invoice.cancelled")
	e.createWebhook("/none", "customer.updated")
	e.record(e.event("evt_1", "customer.created"), e.event("evt_2", "invoice.canceled"))
	e.drain()
	e.drain() // nothing more

	secrets := map[string]string{"/all": allSecret, "/uk": ukSecret}
	want := map[string][]string{"/all": {"evt_1 customer.created", "evt_2 invoice.canceled"}, "/uk": {"evt_2 invoice.cancelled"}}
	got := map[string][]string{}
	for _, r := range e.rc.requests("") {
		var p map[string]any
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatalf("body %s: %v", r.body, err)
		}
		got[r.path] = append(got[r.path], p["id"].(string)+" "+p["event"].(string))
		if !swVerify(secrets[r.path], r.header, r.body) {
			t.Errorf("%s: independent verifier refuses the signature of %s", r.path, r.body)
		}
		if err := webhook.Verify(secrets[r.path], r.header, r.body, e.clk.now()); err != nil {
			t.Errorf("%s: Verify = %v", r.path, err)
		}
		tampered := []byte(strings.Replace(string(r.body), "client_1", "client_2", 1))
		if swVerify(secrets[r.path], r.header, tampered) || webhook.Verify(secrets[r.path], r.header, tampered, e.clk.now()) == nil {
			t.Errorf("%s: a tampered body verifies", r.path)
		}
		if r.header.Get("webhook-id") != p["id"] || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: webhook-id %q, Content-Type %q; want the event id and application/json", r.path, r.header.Get("webhook-id"), r.header.Get("Content-Type"))
		}
	}
	for _, g := range got {
		slicesSort(g)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("deliveries per receiver path (-want +got):\n%s", diff)
	}
	r := e.rc.requests("/uk")[0]
	wantBody := `{"id":"evt_2","event":"invoice.cancelled","type":"invoice.cancelled","created":` +
		jsonInt(t0.UnixMilli()) + `,"livemode":false,"team":"` + string(e.team.ID) +
		`","data":{"object":{"id":"client_1","legal_name":"ÁCME <&>"}}}`
	if string(r.body) != wantBody {
		t.Errorf("body = %s\nwant   %s", r.body, wantBody)
	}
	ds := e.deliveries(all, "?event=customer.created")
	if len(ds) != 1 || ds[0]["status"] != "succeeded" || ds[0]["attempts"] != 1.0 || ds[0]["response_status"] != 200.0 {
		t.Errorf("deliveries of %s filtered by event = %v, want one succeeded after 1 attempt", all, ds)
	}
}

func TestRetriesUntilSuccess(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.rc.respond = func(n int, w http.ResponseWriter, _ *http.Request) {
		if n <= 3 {
			w.WriteHeader(500)
			w.Write([]byte("boom"))
		}
	}
	id, _ := e.createWebhook("/hook")
	e.record(e.event("evt_r", "customer.created"))
	e.drain()
	for i, delay := range webhook.Schedule[1:4] {
		e.clk.advance(delay - time.Second)
		e.drain()
		if n := len(e.rc.requests("")); n != i+1 {
			t.Fatalf("before delay %d elapsed: %d requests, want %d", i+1, n, i+1)
		}
		e.clk.advance(time.Second)
		e.drain()
	}
	reqs := e.rc.requests("")
	if len(reqs) != 4 {
		t.Fatalf("receiver got %d requests, want 4", len(reqs))
	}
	for _, r := range reqs {
		if r.header.Get("webhook-id") != "evt_r" || string(r.body) != string(reqs[0].body) {
			t.Errorf("retry carries webhook-id %q and body %s; want evt_r and the first body", r.header.Get("webhook-id"), r.body)
		}
	}
	ds := e.deliveries(id, "")
	if len(ds) != 1 {
		t.Fatalf("deliveries = %v, want 1", ds)
	}
	d := ds[0]
	var codes []float64
	for _, a := range d["history"].([]any) {
		codes = append(codes, a.(map[string]any)["response_status"].(float64))
	}
	if d["status"] != "succeeded" || d["attempts"] != 4.0 || d["response_status"] != 200.0 || d["next_attempt_at"] != nil ||
		!cmp.Equal(codes, []float64{500, 500, 500, 200}) {
		t.Errorf("delivery = status %v attempts %v response %v next %v history %v; want succeeded, 4, 200, null, [500 500 500 200]",
			d["status"], d["attempts"], d["response_status"], d["next_attempt_at"], codes)
	}
	if d["responseStatus"] != 200.0 || d["eventId"] != "evt_r" || d["lastAttemptAt"] == nil {
		t.Errorf("camel aliases missing: %v", d)
	}
}

func TestFailedAfterScheduleAndManualRetry(t *testing.T) {
	t.Parallel()
	e := setup(t)
	status := 500
	e.rc.respond = func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) }
	id, _ := e.createWebhook("/hook")
	e.record(e.event("evt_f", "customer.created"))
	e.drain()
	for _, delay := range webhook.Schedule[1:] {
		e.clk.advance(delay)
		e.drain()
	}
	e.clk.advance(24 * time.Hour)
	e.drain()
	d := e.deliveries(id, "?status=failed")
	if len(d) != 1 || d[0]["attempts"] != 8.0 || d[0]["next_attempt_at"] != nil || d[0]["error"] != "http 500" {
		t.Fatalf("after the schedule: %v; want one failed delivery after 8 attempts", d)
	}
	path := "/v2/webhooks/" + id + "/deliveries/" + d[0]["id"].(string) + "/retry"
	code, out := e.call("POST", path, e.key, nil)
	if code != 200 || out["data"].(map[string]any)["status"] != "pending" {
		t.Fatalf("POST retry = %d %v, want 200 pending", code, out)
	}
	e.drain()
	if d := e.deliveries(id, ""); d[0]["status"] != "failed" || d[0]["attempts"] != 9.0 {
		t.Errorf("after a failed manual retry: %v; want failed after 9 attempts", d[0])
	}
	status = 204
	e.call("POST", path, e.key, nil)
	e.drain()
	if d := e.deliveries(id, ""); d[0]["status"] != "succeeded" {
		t.Errorf("after a good manual retry: %v; want succeeded", d[0])
	}
	if code, _ := e.call("POST", "/v2/webhooks/"+id+"/deliveries/delivery_nope/retry", e.key, nil); code != 404 {
		t.Errorf("retry of an unknown delivery = %d, want 404", code)
	}
}

func TestGoneDisablesWebhook(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.rc.respond = func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) }
	id, _ := e.createWebhook("/gone")
	e.record(e.event("evt_g1", "customer.created"))
	e.drain()
	e.record(e.event("evt_g2", "customer.created")) // inactive now: no delivery
	e.drain()
	_, out := e.call("GET", "/v2/webhooks/"+id, e.key, nil)
	if s := out["data"].(map[string]any)["status"]; s != "inactive" {
		t.Errorf("webhook status after a 410 = %v, want inactive", s)
	}
	if n := len(e.rc.requests("")); n != 1 {
		t.Errorf("receiver got %d requests, want 1", n)
	}
	if d := e.deliveries(id, ""); len(d) != 1 || d[0]["status"] != "failed" {
		t.Errorf("deliveries = %v, want the one failed", d)
	}
}

func TestRetryAfterRaisesDelay(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.rc.respond = func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	id, _ := e.createWebhook("/busy")
	e.record(e.event("evt_ra", "customer.created"))
	e.drain()
	d := e.deliveries(id, "")[0]
	if want := float64(t0.Add(2 * time.Hour).UnixMilli()); d["next_attempt_at"] != want {
		t.Errorf("next_attempt_at = %v, want %v (Retry-After 7200 s)", d["next_attempt_at"], want)
	}
}

func TestRedirectNotFollowedAndBodyCut(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.rc.respond = func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/target", http.StatusFound)
			return
		}
		w.Write([]byte(strings.Repeat("x", 5000)))
	}
	moved, _ := e.createWebhook("/moved")
	big, _ := e.createWebhook("/big")
	e.record(e.event("evt_x", "customer.created"))
	e.drain()
	if n := len(e.rc.requests("/target")); n != 0 {
		t.Errorf("redirect followed %d times", n)
	}
	if d := e.deliveries(moved, "")[0]; d["status"] != "pending" || d["response_status"] != 302.0 {
		t.Errorf("redirected delivery = %v, want pending for a retry with response 302", d)
	}
	if d := e.deliveries(big, "")[0]; d["status"] != "succeeded" || len(d["response_body"].(string)) != 1024 {
		t.Errorf("big answer kept %d bytes, want 1024", len(d["response_body"].(string)))
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	t.Parallel()
	e := setup(t, webhook.WithAllowPrivate(false))
	id, _ := e.createWebhook("/private")
	e.record(e.event("evt_p", "customer.created"))
	e.drain()
	if n := len(e.rc.requests("")); n != 0 {
		t.Errorf("a loopback receiver got %d requests, want 0", n)
	}
	if d := e.deliveries(id, "")[0]; d["error"] != "address not allowed" || d["status"] != "pending" {
		t.Errorf("delivery = %v, want a failed attempt: address not allowed", d)
	}
}

func TestRotatedSecretSignsWithBoth(t *testing.T) {
	t.Parallel()
	e := setup(t)
	id, old := e.createWebhook("/rot")
	_, out := e.call("POST", "/v2/webhooks/"+id+"/rotate-secret", e.key, nil)
	secret, _ := out["data"].(map[string]any)["secret"].(string)
	if secret == "" || secret == old {
		t.Fatalf("rotate-secret = %v, want a new secret", out)
	}
	e.record(e.event("evt_rot1", "customer.created"))
	e.drain()
	e.clk.advance(25 * time.Hour)
	e.record(e.event("evt_rot2", "customer.created"))
	e.drain()
	reqs := e.rc.requests("")
	if len(reqs) != 2 {
		t.Fatalf("got %d requests, want 2", len(reqs))
	}
	if r := reqs[0]; !swVerify(old, r.header, r.body) || !swVerify(secret, r.header, r.body) {
		t.Errorf("within 24 h of the rotation, signature %q does not verify with both secrets", r.header.Get("webhook-signature"))
	}
	if r := reqs[1]; swVerify(old, r.header, r.body) || !swVerify(secret, r.header, r.body) {
		t.Errorf("after 24 h, signature %q should verify with the new secret only", r.header.Get("webhook-signature"))
	}
}

func TestConnectWebhookGetsChildEvents(t *testing.T) {
	t.Parallel()
	e := setup(t)
	child := &sello.Team{LegalName: "CHILD", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600", ParentID: e.team.ID}
	if _, err := e.svc.CreateTeam(context.Background(), child); err != nil {
		t.Fatalf("CreateTeam(child): %v", err)
	}
	status, out := e.call("POST", "/v2/webhooks", e.key, map[string]any{"url": e.rc.srv.URL + "/connect", "type": "gigstack_connect"})
	if status != 201 {
		t.Fatalf("POST /v2/webhooks = %d %v", status, out)
	}
	connect := out["data"].(map[string]any)["id"].(string)
	e.createWebhook("/own")
	ev := e.event("evt_child", "customer.created")
	ev.TeamID = child.ID
	e.record(ev)
	e.drain()
	if got := e.rc.requests("/own"); len(got) != 0 {
		t.Errorf("the parent's own-team webhook got %d child events, want 0", len(got))
	}
	got := e.rc.requests("/connect")
	if len(got) != 1 {
		t.Fatalf("the connect webhook got %d requests, want 1", len(got))
	}
	var p map[string]any
	json.Unmarshal(got[0].body, &p)
	if p["team"] != string(child.ID) {
		t.Errorf("payload team = %v, want the child %s", p["team"], child.ID)
	}
	if d := e.deliveries(connect, ""); len(d) != 1 || d[0]["status"] != "succeeded" {
		t.Errorf("the parent's log of its connect webhook = %v, want one succeeded delivery", d)
	}
}

func TestSlowReceiverTimesOut(t *testing.T) {
	t.Parallel()
	e := setup(t, webhook.WithTimeout(50*time.Millisecond))
	release := make(chan struct{})
	e.rc.respond = func(_ int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	defer close(release)
	id, _ := e.createWebhook("/slow")
	e.record(e.event("evt_slow", "customer.created"))
	e.drain()
	d := e.deliveries(id, "")[0]
	if d["status"] != "pending" || d["error"] != "timeout" || d["response_status"] != nil || d["attempts"] != 1.0 {
		t.Errorf("delivery after a timeout = %v; want pending, error timeout, no response, 1 attempt", d)
	}
}

// TestRunSlowReceiverHoldsOnlyItsSlot checks that with Run, a receiver
// that does not answer does not delay deliveries to the others.
func TestRunSlowReceiverHoldsOnlyItsSlot(t *testing.T) {
	t.Parallel()
	e := setup(t, webhook.WithPoll(10*time.Millisecond))
	release := make(chan struct{})
	e.rc.respond = func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stuck" {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	}
	e.createWebhook("/stuck")
	e.createWebhook("/fast")
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { e.worker.Run(ctx); close(stopped) }()
	e.record(e.event("evt_run1", "customer.created"))
	waitUntil(t, "the first event at /fast", func() bool { return len(e.rc.requests("/fast")) == 1 })
	e.record(e.event("evt_run2", "customer.created"))
	e.worker.Wake()
	waitUntil(t, "the second event at /fast", func() bool { return len(e.rc.requests("/fast")) == 2 })
	waitUntil(t, "both events in flight at /stuck", func() bool { return len(e.rc.requests("/stuck")) == 2 })
	close(release)
	cancel()
	<-stopped
	ds := e.deliveries(e.webhookByPath("/stuck"), "?status=succeeded")
	if len(ds) != 2 {
		t.Errorf("after Run returned, %d deliveries to /stuck are recorded succeeded, want 2", len(ds))
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
