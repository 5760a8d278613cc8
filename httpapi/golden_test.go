package httpapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sello-mx/sello"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestErrorBodiesGolden pins the exact error envelopes of the HTTP layer.
func TestErrorBodiesGolden(t *testing.T) {
	t.Parallel()
	e := setup(t, withRoutes(&route{Method: "POST", Pattern: "/v2/test/fail", Surface: surfaceC,
		Handler: func(c *call) (*reply, error) {
			var p sello.Problems
			p.Missing("legal_name")
			p.Add("tax_id", "must be an RFC")
			return nil, p.Err("Invalid request body")
		}}))
	cases := []struct{ method, path, auth, body string }{
		{"GET", "/v2/ping", "", ""},
		{"GET", "/v2/ping", "Bearer nope", ""},
		{"GET", "/v2/nope", "", ""},
		{"PATCH", "/v2/ping", "", ""},
		{"POST", "/v2/ping", "KEY", "{"},
		{"GET", "/v2/teams", "KEY", "[]"},
		{"POST", "/v2/ping", "KEY", `{"a":"` + strings.Repeat("x", 1<<20) + `"}`},
		{"GET", "/v2/teams?limit=0", "KEY", ""},
		{"GET", "/v2/teams?team=team_nope", "KEY", ""},
		{"POST", "/v2/test/fail", "KEY", "{}"},
	}
	var out bytes.Buffer
	for _, tc := range cases {
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		req, _ := http.NewRequest(tc.method, e.url+tc.path, body)
		req.Header.Set("X-Request-Id", "req_golden")
		if tc.auth != "" {
			req.Header.Set("Authorization", strings.Replace(tc.auth, "KEY", e.test, 1))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, raw, "", "  "); err != nil {
			t.Fatalf("%s %s: %v", tc.method, tc.path, err)
		}
		path := tc.path
		if len(path) > 40 {
			path = path[:40] + "…"
		}
		fmt.Fprintf(&out, "### %s %s (auth %q, body %d bytes) → %d\n%s\n", tc.method, path, strings.Replace(tc.auth, "KEY", "<test key>", 1), len(tc.body), resp.StatusCode, pretty.String())
	}
	golden := filepath.Join("testdata", "error_bodies.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./httpapi -update)", err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("error bodies (-want +got):\n%s", diff)
	}
}
