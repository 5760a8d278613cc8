package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sello-mx/sello/rsasign"
	"github.com/sello-mx/sello/store/storetest"
)

// syncBuffer collects a command's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func getenvFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// cli runs one command to completion and returns its stdout.
func cli(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append([]string{"sello"}, args...), getenv, &out, &errOut); err != nil {
		t.Fatalf("sello %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// waitFor polls until cond holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func ping(t *testing.T, base, key string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/v2/ping", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /v2/ping: %v", err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET /v2/ping: %v", err)
	}
	return resp.StatusCode, body
}

func claim(t *testing.T, key, name string) any {
	t.Helper()
	parts := strings.Split(key, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c[name]
}

func TestServeSQLite(t *testing.T) {
	t.Parallel()
	endToEnd(t, map[string]string{}, []string{"--db", filepath.Join(t.TempDir(), "sello.db")}, true)
}

func TestServePostgres(t *testing.T) {
	t.Parallel()
	endToEnd(t, map[string]string{"DATABASE_URL": storetest.PostgresURL(t)}, nil, true)
}

// endToEnd runs the real program: serve (creating the sandbox team on an
// empty database), teams create, ping in both modes, keys create, revoke,
// then a graceful stop.
func endToEnd(t *testing.T, envm map[string]string, db []string, empty bool) {
	getenv := getenvFrom(envm)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"sello", "serve", "--addr", "127.0.0.1:0", "--auth-cache-ttl", "200ms"}, db...), getenv, &stdout, &stderr)
	}()
	addrRE := regexp.MustCompile(`Listening on (http://\S+)`)
	waitFor(t, "the listening line", func() bool {
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
		default:
		}
		return addrRE.MatchString(stdout.String())
	})
	base := addrRE.FindStringSubmatch(stdout.String())[1]
	if want := `"rsa":"` + rsasign.Backend() + `"`; !strings.Contains(stderr.String(), want) {
		t.Errorf("serve's start log does not name the RSA backend (%s):\n%s", want, stderr.String())
	}
	waitFor(t, "/healthz", func() bool {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})

	if empty {
		m := regexp.MustCompile(`Sandbox TEST key \(shown once, keep it\): (\S+)`).FindStringSubmatch(stdout.String())
		if m == nil {
			t.Fatalf("serve on an empty database printed no sandbox key:\n%s", stdout.String())
		}
		if st, body := ping(t, base, m[1]); st != 200 || body["data"].(map[string]any)["livemode"] != false {
			t.Errorf("ping with the sandbox key = %d %v", st, body)
		}
	}

	out := cli(t, getenv, append([]string{"teams", "create", "--legal-name", "ACME", "--tax-id", "EKU9003173C9",
		"--tax-system", "601", "--zip", "06600", "--json"}, db...)...)
	dec := json.NewDecoder(strings.NewReader(out))
	var created struct {
		Team struct {
			ID string `json:"id"`
		} `json:"team"`
		Keys struct{ Test, Live string } `json:"keys"`
	}
	if err := dec.Decode(&created); err != nil {
		t.Fatalf("teams create --json: %v\n%s", err, out)
	}
	if _, err := dec.Token(); err != io.EOF || !strings.HasPrefix(created.Team.ID, "team_") {
		t.Fatalf("teams create --json printed more than one object or no team:\n%s", out)
	}
	for _, tc := range []struct {
		key  string
		live bool
	}{{created.Keys.Test, false}, {created.Keys.Live, true}} {
		st, body := ping(t, base, tc.key)
		data, _ := body["data"].(map[string]any)
		if st != 200 || data["team"] != created.Team.ID || data["livemode"] != tc.live {
			t.Errorf("ping (livemode %v) = %d %v", tc.live, st, body)
		}
	}

	out = cli(t, getenv, append([]string{"keys", "create", "--team", created.Team.ID, "--mode", "live", "--json"}, db...)...)
	var issued struct{ ID, Key string }
	if err := json.Unmarshal([]byte(out), &issued); err != nil || !strings.HasPrefix(issued.ID, "key_live_") {
		t.Fatalf("keys create --json = %q, %v", out, err)
	}
	if st, _ := ping(t, base, issued.Key); st != 200 {
		t.Errorf("ping with the issued key = %d", st)
	}

	testID := claim(t, created.Keys.Test, "key_id").(string)
	cli(t, getenv, append([]string{"keys", "revoke", testID}, db...)...)
	// The server caches keys for --auth-cache-ttl; the revocation lands within it.
	waitFor(t, "the revoked key to be refused", func() bool {
		st, body := ping(t, base, created.Keys.Test)
		return st == 401 && body["error"].(map[string]any)["code"] == "invalid_token"
	})
	if st, _ := ping(t, base, created.Keys.Live); st != 200 {
		t.Errorf("live key after revoking the test key = %d", st)
	}

	// Rotating the signing secret through the CLI: the server, which holds
	// the old one in memory, accepts keys from before and after.
	cli(t, getenv, append([]string{"secrets", "rotate", "api_key_signing"}, db...)...)
	out = cli(t, getenv, append([]string{"keys", "create", "--team", created.Team.ID, "--mode", "test", "--json"}, db...)...)
	var rotated struct{ ID, Key string }
	if err := json.Unmarshal([]byte(out), &rotated); err != nil {
		t.Fatalf("keys create --json after rotation = %q, %v", out, err)
	}
	for _, key := range []string{created.Keys.Live, issued.Key, rotated.Key} {
		if st, body := ping(t, base, key); st != 200 {
			t.Errorf("ping after rotating the signing secret = %d %v", st, body)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel = %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	for _, secret := range []string{created.Keys.Test, created.Keys.Live, issued.Key} {
		if strings.Contains(stderr.String(), secret) {
			t.Errorf("the log holds an API key")
		}
	}
}

func TestTeamsCreateValidates(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"sello", "teams", "create", "--legal-name", "X", "--tax-id", "nope",
		"--tax-system", "60", "--zip", "123", "--db", filepath.Join(t.TempDir(), "x.db")}, getenvFrom(nil), &out, &errOut)
	if err == nil {
		t.Fatal("teams create with bad fields succeeded")
	}
	for _, want := range []string{"tax_id:", "tax_system:", "zip:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"sello", "frobnicate"}, getenvFrom(nil), &out, &errOut); err == nil {
		t.Error("unknown command succeeded")
	}
	if err := run(context.Background(), []string{"sello", "migrate", "--db", filepath.Join(t.TempDir(), "m.db")}, getenvFrom(nil), &out, &errOut); err != nil {
		t.Errorf("migrate: %v", err)
	}
}
