package httpapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sello-mx/sello"
)

type scenario struct {
	name   string
	method string
	path   string
	hdr    map[string]string
	body   string
	status int
	code   string         // gigstack error code; "" for a success
	want   map[string]any // dotted path → value
}

func (e *env) run(t *testing.T, tests []scenario) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, body := e.do(t, tc.method, tc.path, tc.hdr, tc.body)
			if resp.StatusCode != tc.status {
				t.Errorf("%s %s: status = %d, want %d; body %v", tc.method, tc.path, resp.StatusCode, tc.status, body)
			}
			if got := lookup(body, "error.code"); tc.code != "" && got != tc.code {
				t.Errorf("%s %s: error.code = %v, want %s; body %v", tc.method, tc.path, got, tc.code, body)
			}
			wantSuccess := tc.code == ""
			if got := lookup(body, "success"); got != wantSuccess {
				t.Errorf("%s %s: success = %v, want %v", tc.method, tc.path, got, wantSuccess)
			}
			if !wantSuccess {
				if msg := lookup(body, "error.message"); msg != lookup(body, "message") || msg == "" {
					t.Errorf("%s %s: error.message = %v, message = %v", tc.method, tc.path, msg, lookup(body, "message"))
				}
				if _, ok := lookup(body, "error.details").([]any); !ok {
					t.Errorf("%s %s: error.details missing: %v", tc.method, tc.path, body)
				}
			}
			for path, want := range tc.want {
				if diff := cmp.Diff(want, lookup(body, path)); diff != "" {
					t.Errorf("%s %s: %s (-want +got):\n%s", tc.method, tc.path, path, diff)
				}
			}
			if id := resp.Header.Get("X-Request-Id"); !strings.HasPrefix(id, "req_") {
				t.Errorf("%s %s: X-Request-Id = %q, want req_…", tc.method, tc.path, id)
			}
		})
	}
}

func TestPing(t *testing.T) {
	t.Parallel()
	e := setup(t)
	parent, child := string(e.parent.ID), string(e.child.ID)
	pong := func(team string, live bool) map[string]any {
		return map[string]any{"data.message": "pong", "data.team": team, "data.livemode": live,
			"data.version": "2.0.0", "data.server": "sello/test", "message": "pong"}
	}
	echo := func(method, team string, live bool, body any) map[string]any {
		m := pong(team, live)
		m["data.method"] = method
		m["data.body"] = body
		return m
	}
	var tests []scenario
	for _, live := range []bool{false, true} {
		key, mode := e.test, "test"
		if live {
			key, mode = e.live, "live"
		}
		tests = append(tests,
			scenario{name: "GET " + mode, method: "GET", path: "/v2/ping", hdr: bearer(key), status: 200, want: pong(parent, live)},
			scenario{name: "POST " + mode, method: "POST", path: "/v2/ping", hdr: bearer(key), body: `{"legalName": "x", "n": 1.50}`, status: 200,
				want: echo("POST", parent, live, map[string]any{"legalName": "x", "n": 1.5})},
			scenario{name: "PUT " + mode, method: "PUT", path: "/v2/ping", hdr: bearer(key), body: `[1, "a"]`, status: 200,
				want: echo("PUT", parent, live, []any{1.0, "a"})},
			scenario{name: "DELETE " + mode, method: "DELETE", path: "/v2/ping", hdr: bearer(key), status: 200,
				want: echo("DELETE", parent, live, nil)},
		)
	}
	tests = append(tests,
		scenario{name: "GET has no method", method: "GET", path: "/v2/ping", hdr: bearer(e.test), status: 200, want: map[string]any{"data.method": nil, "data.body": nil}},
		scenario{name: "bare key", method: "GET", path: "/v2/ping", hdr: map[string]string{"Authorization": e.test}, status: 200, want: pong(parent, false)},
		scenario{name: "bearer any case", method: "GET", path: "/v2/ping", hdr: map[string]string{"Authorization": "  bEaReR   " + e.live + " "}, status: 200, want: pong(parent, true)},
		scenario{name: "trailing slash", method: "GET", path: "/v2/ping/", hdr: bearer(e.test), status: 200, want: pong(parent, false)},
		scenario{name: "team child", method: "GET", path: "/v2/ping?team=" + child, hdr: bearer(e.test), status: 200, want: pong(child, false)},
		scenario{name: "team self", method: "GET", path: "/v2/ping?team=" + parent, hdr: bearer(e.test), status: 200, want: pong(parent, false)},
		scenario{name: "team in body", method: "POST", path: "/v2/ping", hdr: bearer(e.test), body: `{"team":"` + child + `"}`, status: 200, want: map[string]any{"data.team": child}},
		scenario{name: "team body and query agree", method: "POST", path: "/v2/ping?team=" + child, hdr: bearer(e.test), body: `{"team":"` + child + `"}`, status: 200, want: map[string]any{"data.team": child}},
		scenario{name: "team body and query differ", method: "POST", path: "/v2/ping?team=" + child, hdr: bearer(e.test), body: `{"team":"` + parent + `"}`, status: 400, code: "invalid_field_value"},
		scenario{name: "team unrelated", method: "GET", path: "/v2/ping?team=" + string(e.other.ID), hdr: bearer(e.test), status: 403, code: "forbidden"},
		scenario{name: "team unknown", method: "GET", path: "/v2/ping?team=team_nope", hdr: bearer(e.test), status: 403, code: "forbidden"},
		scenario{name: "child key on parent", method: "GET", path: "/v2/ping?team=" + parent, hdr: bearer(e.childTest), status: 403, code: "forbidden"},
		scenario{name: "child key", method: "GET", path: "/v2/ping", hdr: bearer(e.childTest), status: 200, want: pong(child, false)},
	)
	e.run(t, tests)
}

func TestAuthFailures(t *testing.T) {
	t.Parallel()
	e := setup(t)
	parts := strings.Split(e.test, ".")
	claims := `{"team":"` + string(e.parent.ID) + `","livemode":false,"key_id":"key_test_unknown","iat":1}`
	tests := []scenario{
		{name: "no header", method: "GET", path: "/v2/ping", status: 401, code: "unauthorized"},
		{name: "empty bearer", method: "GET", path: "/v2/ping", hdr: map[string]string{"Authorization": "Bearer "}, status: 401, code: "unauthorized"},
		{name: "malformed", method: "GET", path: "/v2/ping", hdr: bearer("not-a-key"), status: 401, code: "invalid_token"},
		{name: "two parts", method: "GET", path: "/v2/ping", hdr: bearer(parts[0] + "." + parts[1]), status: 401, code: "invalid_token"},
		{name: "wrong signature", method: "GET", path: "/v2/ping", hdr: bearer(forge([]byte("another secret of at least 32 bytes!"), `{"alg":"HS256","typ":"JWT"}`, claims)), status: 401, code: "invalid_token"},
		{name: "tampered payload", method: "GET", path: "/v2/ping", hdr: bearer(parts[0] + "." + parts[1] + "x." + parts[2]), status: 401, code: "invalid_token"},
		{name: "alg none", method: "GET", path: "/v2/ping", hdr: bearer(forge(e.secret, `{"alg":"none","typ":"JWT"}`, claims)), status: 401, code: "invalid_token"},
		{name: "alg none unsigned", method: "GET", path: "/v2/ping", hdr: bearer(strings.Join(strings.Split(forge(e.secret, `{"alg":"none"}`, claims), ".")[:2], ".") + "."), status: 401, code: "invalid_token"},
		{name: "alg HS512", method: "GET", path: "/v2/ping", hdr: bearer(forge(e.secret, `{"alg":"HS512"}`, claims)), status: 401, code: "invalid_token"},
		{name: "unknown key_id", method: "GET", path: "/v2/ping", hdr: bearer(forge(e.secret, `{"alg":"HS256","typ":"JWT"}`, claims)), status: 401, code: "invalid_token"},
		{name: "revoked", method: "GET", path: "/v2/ping", hdr: bearer(e.revoked), status: 401, code: "invalid_token"},
		{name: "claims differ from store", method: "GET", path: "/v2/ping", hdr: bearer(forge(e.secret, `{"alg":"HS256","typ":"JWT"}`,
			strings.Replace(claims, "key_test_unknown", keyID(t, e.live), 1))), status: 401, code: "invalid_token"},
	}
	e.run(t, tests)
}

// keyID reads the key_id claim of a key.
func keyID(t *testing.T, key string) string {
	t.Helper()
	c, err := decodeClaims(key)
	if err != nil {
		t.Fatal(err)
	}
	return c["key_id"].(string)
}

func TestRouting(t *testing.T) {
	t.Parallel()
	e := setup(t, withRoutes(&route{Method: "POST", Pattern: "/v2/test/panic", Surface: surfaceC,
		Handler: func(c *call) (*reply, error) { panic("boom") }}))
	big := `{"a":"` + strings.Repeat("x", 1<<20) + `"}`
	tests := []scenario{
		{name: "unknown route", method: "GET", path: "/v2/nope", hdr: bearer(e.test), status: 404, code: "resource_not_found", want: map[string]any{"message": "Route not found"}},
		{name: "unknown route without key", method: "GET", path: "/nope", status: 404, code: "resource_not_found"},
		{name: "out of scope", method: "GET", path: "/v2/invoices/sat/download", hdr: bearer(e.test), status: 404, code: "resource_not_found"},
		{name: "out of scope team billing", method: "GET", path: "/v2/teams/" + string(e.parent.ID) + "/billing", hdr: bearer(e.test), status: 404, code: "resource_not_found"},
		{name: "out of scope v1", method: "GET", path: "/v1/clients", status: 404, code: "resource_not_found"},
		{name: "method not allowed", method: "PATCH", path: "/v2/ping", hdr: bearer(e.test), status: 405, code: "operation_not_allowed"},
		{name: "bad JSON", method: "POST", path: "/v2/ping", hdr: bearer(e.test), body: `{"a":`, status: 400, code: "invalid_request_body"},
		{name: "trailing garbage", method: "POST", path: "/v2/ping", hdr: bearer(e.test), body: `{} {}`, status: 400, code: "invalid_request_body"},
		{name: "not an object", method: "GET", path: "/v2/teams", hdr: bearer(e.test), body: `[1]`, status: 400, code: "invalid_request_body"},
		{name: "too large", method: "POST", path: "/v2/ping", hdr: bearer(e.test), body: big, status: 413, code: "invalid_request_body"},
		{name: "conflicting spellings", method: "GET", path: "/v2/teams", hdr: bearer(e.test), body: `{"legalName":"a","legal_name":"b"}`, status: 400, code: "invalid_field_value",
			want: map[string]any{"error.details": []any{"legal_name: conflicting values for legalName and legal_name"}}},
		{name: "equal spellings", method: "GET", path: "/v2/teams", hdr: bearer(e.test), body: `{"legalName":"a","legal_name":"a"}`, status: 200},
		{name: "panic", method: "POST", path: "/v2/test/panic", hdr: bearer(e.test), status: 500, code: "internal_server_error"},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, want: map[string]any{"message": "ok", "data": map[string]any{"status": "ok"}}},
		{name: "health", method: "GET", path: "/health/", status: 200, want: map[string]any{"data.status": "ok"}},
		{name: "readyz", method: "GET", path: "/readyz", status: 200, want: map[string]any{"data.status": "ok"}},
		{name: "openapi", method: "GET", path: "/v2/openapi.json", status: 200, want: map[string]any{"openapi": "3.1.0", "success": false}},
	}
	// The OpenAPI document is not an envelope: check it apart.
	e.run(t, tests[:len(tests)-1])

	resp, body := e.do(t, "GET", "/v2/openapi.json", nil, "")
	if resp.StatusCode != 200 || body["openapi"] != "3.1.0" {
		t.Errorf("GET /v2/openapi.json = %d %v", resp.StatusCode, body["openapi"])
	}
	resp, _ = e.do(t, "PATCH", "/v2/ping", bearer(e.test), "")
	if got, want := resp.Header.Get("Allow"), "GET, POST, PUT, DELETE, HEAD"; got != want {
		t.Errorf("PATCH /v2/ping: Allow = %q, want %q", got, want)
	}
	resp, _ = e.do(t, "GET", "/v2/ping", map[string]string{"Authorization": "Bearer " + e.test, "X-Request-Id": "client-id-42"}, "")
	if got := resp.Header.Get("X-Request-Id"); got != "client-id-42" {
		t.Errorf("X-Request-Id = %q, want the incoming client-id-42", got)
	}
	resp, body = e.do(t, "POST", "/v2/test/panic", bearer(e.test), "")
	id := resp.Header.Get("X-Request-Id")
	msg, _ := lookup(body, "error.message").(string)
	if !strings.Contains(msg, id) || strings.Contains(msg, "boom") || strings.Contains(msg, "goroutine") {
		t.Errorf("panic message = %q, want the request id %s and no panic text", msg, id)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "boom") || !strings.Contains(logs, "goroutine") {
		t.Errorf("panic not logged with its stack:\n%s", logs)
	}
	if logs := e.logs.String(); strings.Contains(logs, e.test) {
		t.Errorf("logs hold an API key")
	}
	resp, _ = e.do(t, "GET", "/metrics", nil, "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("GET /metrics = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestReadyzDown(t *testing.T) {
	t.Parallel()
	e := setupStore(t, func(s sello.Store) sello.Store {
		return storeWrap{Store: s, ping: func(context.Context) error { return errors.New("down") }}
	})
	e.run(t, []scenario{{name: "readyz", method: "GET", path: "/readyz", status: 503, code: "service_unavailable"}})
}

func TestMetricsCountRoutes(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.do(t, "GET", "/v2/ping", bearer(e.test), "")
	e.do(t, "GET", "/v2/ping", nil, "")
	req, _ := http.NewRequest("GET", e.url+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	for _, want := range []string{
		`sello_http_requests_total{route="GET /v2/ping",status="200"} 1`,
		`sello_http_requests_total{route="GET /v2/ping",status="401"} 1`,
		`sello_http_request_duration_seconds_bucket{route="GET /v2/ping"`,
		`sello_queue_stats_up 1`,
		`sello_queue_depth{queue="invoice"} 0`,
		`sello_queue_depth{queue="ppd_invoice"} 0`,
		`sello_queue_depth{queue="complement"} 0`,
		`sello_queue_depth{queue="delivery"} 0`,
		`sello_queue_oldest_due_seconds{queue="delivery"} 0`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
