package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello"
	"github.com/sello-mx/sello/httpapi"
	"github.com/sello-mx/sello/store/sqlite"
	"github.com/sello-mx/sello/webhook"
)

// clock is a manual clock: tests move it, nothing really waits.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// received is one request a receiver got.
type received struct {
	path   string
	header http.Header
	body   []byte
}

// receiver is a webhook endpoint on 127.0.0.1 that records every request
// and answers with respond (200 when nil).
type receiver struct {
	srv     *httptest.Server
	mu      sync.Mutex
	got     []received
	respond func(n int, w http.ResponseWriter, r *http.Request) // n counts requests from 1
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{path: r.URL.Path, header: r.Header.Clone(), body: body})
		n, respond := len(rc.got), rc.respond
		rc.mu.Unlock()
		if respond != nil {
			respond(n, w, r)
		}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) requests(path string) []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []received
	for _, g := range rc.got {
		if path == "" || g.path == path {
			out = append(out, g)
		}
	}
	return out
}

// env is an API server and a worker over one fresh SQLite database.
type env struct {
	t      *testing.T
	db     *sqlite.DB
	svc    *sello.Service
	clk    *clock
	api    string
	team   *sello.Team
	key    string // test mode
	live   string // live mode
	worker *webhook.Worker
	rc     *receiver
}

var t0 = time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)

func setup(t *testing.T, opts ...webhook.Option) *env {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sello.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{t: t0}
	// Signing secrets are sealed at rest with the master key; the worker
	// opens them through the Service, as sello serve wires it.
	master := bytes.Repeat([]byte{7}, sello.MasterKeySize)
	svc := sello.NewService(sello.Config{Store: db, Now: clk.now, EventRenderer: httpapi.RenderEvent, MasterKey: master})
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	api := httptest.NewServer(httpapi.NewServer(svc, logger))
	t.Cleanup(api.Close)
	team := &sello.Team{LegalName: "WEBHOOKS", TaxID: "EKU9003173C9", TaxSystem: "601", Zip: "06600"}
	keys, err := svc.CreateTeam(ctx, team)
	if err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	opts = append([]webhook.Option{webhook.WithClock(clk.now), webhook.WithJitter(func() float64 { return 0 }),
		webhook.WithAllowPrivate(true), webhook.WithOpen(svc.OpenWebhookSecrets)}, opts...)
	return &env{t: t, db: db, svc: svc, clk: clk, api: api.URL, team: team, key: keys.Test, live: keys.Live,
		worker: webhook.NewWorker(db, logger, opts...), rc: newReceiver(t)}
}

// call makes an API request and returns the status and the decoded body.
func (e *env) call(method, path, key string, body any) (int, map[string]any) {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.api+path, r)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		e.t.Fatalf("%s %s: decode: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// createWebhook subscribes the receiver's path to events and returns the
// webhook id and secret.
func (e *env) createWebhook(path string, events ...string) (id, secret string) {
	e.t.Helper()
	body := map[string]any{"url": e.rc.srv.URL + path}
	if events != nil {
		body["events"] = events
	}
	status, out := e.call("POST", "/v2/webhooks", e.key, body)
	if status != 201 {
		e.t.Fatalf("POST /v2/webhooks = %d %v", status, out)
	}
	data := out["data"].(map[string]any)
	return data["id"].(string), data["secret"].(string)
}

// record stores events as a change would, through the store.
func (e *env) record(events ...*sello.Event) {
	e.t.Helper()
	if err := e.db.RecordEvent(context.Background(), events...); err != nil {
		e.t.Fatalf("RecordEvent: %v", err)
	}
}

func (e *env) event(id, typ string) *sello.Event {
	return &sello.Event{ID: id, TeamID: e.team.ID, Type: typ, ObjectID: "client_1",
		Data: []byte(`{"id":"client_1","legal_name":"ÁCME <&>"}`), CreatedAt: e.clk.now()}
}

// drain runs passes until one attempts nothing.
func (e *env) drain() {
	e.t.Helper()
	for range 100 {
		n, err := e.worker.RunOnce(context.Background())
		if err != nil {
			e.t.Fatalf("RunOnce: %v", err)
		}
		if n == 0 {
			return
		}
	}
	e.t.Fatal("RunOnce keeps finding work")
}

// deliveries lists a webhook's deliveries through the API.
func (e *env) deliveries(webhookID, query string) []map[string]any {
	e.t.Helper()
	status, out := e.call("GET", "/v2/webhooks/"+webhookID+"/deliveries"+query, e.key, nil)
	if status != 200 {
		e.t.Fatalf("GET deliveries = %d %v", status, out)
	}
	var ds []map[string]any
	for _, d := range out["data"].([]any) {
		ds = append(ds, d.(map[string]any))
	}
	return ds
}

// webhookByPath returns the id of the webhook whose URL ends in path.
func (e *env) webhookByPath(path string) string {
	e.t.Helper()
	_, out := e.call("GET", "/v2/webhooks", e.key, nil)
	for _, w := range out["data"].([]any) {
		m := w.(map[string]any)
		if u := m["url"].(string); len(u) >= len(path) && u[len(u)-len(path):] == path {
			return m["id"].(string)
		}
	}
	e.t.Fatalf("no webhook for %s", path)
	return ""
}
